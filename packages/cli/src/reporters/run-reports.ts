import type { RequestEvent, ResponseEvent, RunEvent, RunResult } from '@loom/engine';
import { formatJUnit } from './junit.js';
import { toJsonRunReport } from './run-json.js';

/** The report files `loom run` can write: `--report json=<file>`, `--report junit=<file>`, `--har <file>`. */
export type ReportKind = 'json' | 'junit' | 'har';

export function renderJsonReport(result: RunResult): string {
  return `${JSON.stringify(toJsonRunReport(result), null, 2)}\n`;
}

/** One testcase per step execution, for CI dashboards; the suite is the workflow run. */
export function renderJUnitReport(result: RunResult): string {
  return formatJUnit([
    {
      name: result.workflowId,
      timeSeconds: result.durationMs / 1000,
      cases: result.steps.map((step) => ({
        name: step.attempts > 1 ? `${step.stepId} (${step.attempts} attempts)` : step.stepId,
        classname: step.workflowId,
        timeSeconds: step.durationMs / 1000,
        ...(step.status === 'failure'
          ? {
              failure: {
                message: step.reason ?? 'step failed',
                ...(step.statusCode !== undefined ? { details: `status ${step.statusCode}: ${step.reason ?? 'step failed'}` } : {}),
                ...(step.message !== undefined ? { details: `${step.message.action} ${step.message.channel}: ${step.reason ?? 'step failed'}` } : {}),
              },
            }
          : {}),
      })),
    },
  ]);
}

/** Collects request/response pairs from (already masked) run events, for a HAR 1.2 file. */
export function createHarRecorder() {
  const entries: { request: RequestEvent; response?: ResponseEvent; startedAt: Date }[] = [];
  const open = new Map<string, (typeof entries)[number]>();
  return {
    onEvent(event: RunEvent) {
      if (event.type === 'request') {
        const entry = { request: event, startedAt: new Date() };
        entries.push(entry);
        open.set(`${event.workflowId}\u0000${event.stepId}`, entry);
      } else if (event.type === 'response') {
        const entry = open.get(`${event.workflowId}\u0000${event.stepId}`);
        if (entry) entry.response = event;
      }
    },
    render(version: string): string {
      const har = {
        log: {
          version: '1.2',
          creator: { name: 'loom', version },
          entries: entries.map(({ request, response, startedAt }) => harEntry(request, response, startedAt)),
        },
      };
      return `${JSON.stringify(har, null, 2)}\n`;
    },
  };
}

function harEntry(request: RequestEvent, response: ResponseEvent | undefined, startedAt: Date) {
  const url = new URL(request.url);
  const bodyText = response?.body === undefined ? '' : typeof response.body === 'string' ? response.body : response.body instanceof Uint8Array ? '' : JSON.stringify(response.body);
  const responseType = headerValue(response?.headers, 'content-type') ?? '';
  return {
    startedDateTime: startedAt.toISOString(),
    time: response?.durationMs ?? 0,
    comment: `${request.workflowId} / ${request.stepId} (attempt ${request.attempt})`,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      headers: Object.entries(request.headers).map(([name, value]) => ({ name, value })),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
      ...(request.body !== undefined ? { postData: { mimeType: request.headers['content-type'] ?? '', text: request.body } } : {}),
    },
    response: response
      ? {
          status: response.statusCode,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          headers: Object.entries(response.headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: String(item) }))),
          cookies: [],
          content: { size: response.bytes, mimeType: responseType, text: bodyText },
          redirectURL: '',
          headersSize: -1,
          bodySize: response.bytes,
        }
      : { status: 0, statusText: 'no response', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 0, wait: response?.durationMs ?? 0, receive: 0 },
  };
}

function headerValue(headers: Readonly<Record<string, string | string[]>> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}
