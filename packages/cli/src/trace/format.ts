import type { RunEvent } from '@loom/engine';

/** The trace format's name and version (packages/cli/schemas/trace.schema.json; DECISIONS D85). */
export const TRACE_FORMAT = 'loom-trace';
export const TRACE_VERSION = 1;

/** The first line of a trace: what was run, with which inputs and servers. */
export interface TraceHeader {
  readonly type: 'trace';
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  /** The loom version that wrote it. */
  readonly loom: string;
  /** ISO time the run started. */
  readonly recordedAt: string;
  /** The document, relative to the trace file's folder (a URL when it is remote). */
  readonly document: string;
  readonly workflowId: string;
  /** The inputs as given, secrets masked (DECISIONS D21). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** `--server` overrides by source name. */
  readonly servers: Readonly<Record<string, string>>;
  /** Whether secrets are masked in the events (false only for a run with `--show-secrets`). */
  readonly masked: boolean;
}

/**
 * Every line after the header: a run event as the engine emitted it (masked). A binary response body
 * is stored as base64 text with `bodyEncoding: "base64"` beside it; every other body as the run parsed it.
 */
export type TraceEventLine = RunEvent & { readonly bodyEncoding?: 'base64' };

export interface Trace {
  readonly header: TraceHeader;
  readonly events: readonly RunEvent[];
}

/** One line of JSON for an event, binary bodies as base64. */
export function eventLine(event: RunEvent): string {
  if (event.type === 'response' && event.body instanceof Uint8Array) {
    return JSON.stringify({ ...event, body: Buffer.from(event.body).toString('base64'), bodyEncoding: 'base64' });
  }
  return JSON.stringify(event);
}

/** The event a line holds, binary bodies decoded. */
export function eventOf(line: TraceEventLine): RunEvent {
  if (line.type === 'response' && line.bodyEncoding === 'base64' && typeof line.body === 'string') {
    const { bodyEncoding: _encoding, ...event } = line;
    return { ...event, body: new Uint8Array(Buffer.from(line.body, 'base64')) } as RunEvent;
  }
  return line;
}
