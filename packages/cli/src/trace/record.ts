import { dirname, isAbsolute, relative, sep } from 'node:path';
import type { HttpClient, RequestEvent, RunEvent } from '@loom/engine';
import { eventLine, TRACE_FORMAT, TRACE_VERSION, type TraceHeader } from './format.js';
import { createSentSecrets, maskKnownSecrets } from './sent-secrets.js';

export interface TraceRecorderOptions {
  /** The document as an absolute path or a URL. */
  readonly documentPath: string;
  /** Where the trace will be written (absolute): the document is stored relative to its folder. */
  readonly traceFile: string;
  readonly workflowId: string;
  readonly servers: Readonly<Record<string, string>>;
  readonly loomVersion: string;
  /** Whether the run masks its events (DECISIONS D21); default true. */
  readonly masked?: boolean;
}

/**
 * Records a run as a trace (DECISIONS D85): a header line, then every (masked) run event as one
 * JSON line, in the order emitted. Events are kept in memory and written by `render`, once the
 * secrets learnt from the requests sent (sent-secrets.ts) are known, so that they are masked in
 * every line, the inputs before the first request included. Send the run's requests through
 * `wrapClient` for that.
 */
export function createTraceRecorder(options: TraceRecorderOptions) {
  const recordedAt = new Date().toISOString();
  const events: RunEvent[] = [];
  const sent = createSentSecrets();
  const masked = options.masked ?? true;
  return {
    onEvent(event: RunEvent): void {
      events.push(event);
    },
    wrapClient(client: HttpClient): HttpClient {
      return sent.wrap(client);
    },
    render(): string {
      const secrets = masked ? sent.secrets(events.filter((event): event is RequestEvent => event.type === 'request')) : [];
      const start = events.find((event) => event.type === 'run.start');
      const header: TraceHeader = {
        type: 'trace',
        format: TRACE_FORMAT,
        version: TRACE_VERSION,
        loom: options.loomVersion,
        recordedAt,
        document: documentReference(options.documentPath, options.traceFile),
        workflowId: start?.workflowId ?? options.workflowId,
        inputs: maskKnownSecrets(start?.inputs ?? {}, secrets),
        servers: options.servers,
        masked,
      };
      return `${[JSON.stringify(header), ...events.map((event) => eventLine(maskKnownSecrets(event, secrets)))].join('\n')}\n`;
    },
  };
}

function documentReference(documentPath: string, traceFile: string): string {
  if (!isAbsolute(documentPath)) return documentPath;
  return relative(dirname(traceFile), documentPath).split(sep).join('/');
}
