import type { HttpClient, HttpResponse, SendResult } from '@loom/engine';
import type { RecordedExchange } from './read.js';

/**
 * DECISIONS D86: an HttpClient that sends nothing: the nth request gets the nth recorded answer,
 * whatever it asks for (the comparison of what was asked is made on the run's events). A request
 * past the end of the trace fails as a transport error.
 */
export function createReplayClient(exchanges: readonly RecordedExchange[]): HttpClient & { readonly sent: () => number } {
  let index = 0;
  return {
    sent: () => index,
    async send(): Promise<SendResult> {
      const exchange = exchanges[index++];
      if (!exchange) return { ok: false, error: { code: 'other', message: `the trace has no response for request ${index}` } };
      if (!exchange.response) return { ok: false, error: { code: 'other', message: exchange.failure ?? 'no response was recorded' } };
      const recorded = exchange.response;
      const contentType = header(recorded.headers, 'content-type');
      const response: HttpResponse = {
        statusCode: recorded.statusCode,
        headers: recorded.headers,
        body: recorded.body,
        bytes: recorded.bytes,
        durationMs: 0,
        ...(contentType !== undefined ? { contentType } : {}),
      };
      return { ok: true, response };
    },
    async close() {},
  };
}

function header(headers: Readonly<Record<string, string | string[]>>, name: string): string | undefined {
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}
