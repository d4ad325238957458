import { stat, readFile } from 'node:fs/promises';
import type { RequestEvent, ResponseEvent, RunEndEvent, RunEvent, StepEndEvent } from '@loom/engine';
import { UsageError } from '../usage-error.js';
import { eventOf, TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceEventLine, type TraceHeader } from './format.js';

/** A trace larger than this is refused rather than read (`loom replay`). */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

/** Reads and checks a trace file (DECISIONS D85); any problem is a usage error naming the file and line. */
export async function readTrace(path: string, command: string): Promise<Trace> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${command}: ${path} is not a file`);
    if (info.size > MAX_TRACE_BYTES) throw new UsageError(`${command}: ${path} is larger than ${MAX_TRACE_BYTES / 1024 / 1024} MiB`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${command}: cannot read the trace ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new UsageError(`${command}: ${path}:${index + 1}: not a line of JSON`);
    }
  });
  const header = parsed[0] as Partial<TraceHeader> | undefined;
  if (!header || header.type !== 'trace' || header.format !== TRACE_FORMAT) throw new UsageError(`${command}: ${path} is not a loom trace (its first line must be the trace header)`);
  if (header.version !== TRACE_VERSION) throw new UsageError(`${command}: ${path} is a trace of version ${String(header.version)}; this loom reads version ${TRACE_VERSION}`);
  if (typeof header.document !== 'string' || typeof header.workflowId !== 'string') throw new UsageError(`${command}: ${path}: the header names no document or workflow`);
  const events = parsed.slice(1).map((line, index) => {
    if (!line || typeof line !== 'object' || typeof (line as { type?: unknown }).type !== 'string') throw new UsageError(`${command}: ${path}:${index + 2}: not a run event`);
    return eventOf(line as TraceEventLine);
  });
  return { header: { ...header, inputs: header.inputs ?? {}, servers: header.servers ?? {}, masked: header.masked ?? true } as TraceHeader, events };
}

/** One request of a trace and how it was answered: a response, or the reason the step failed without one. */
export interface RecordedExchange {
  readonly request: RequestEvent;
  readonly response?: ResponseEvent;
  /** When no response was recorded: why the attempt failed (a transport error). */
  readonly failure?: string;
}

/** The requests of a trace in the order they were sent, each with its answer. */
export function exchangesOf(events: readonly RunEvent[]): RecordedExchange[] {
  const exchanges: { request: RequestEvent; response?: ResponseEvent; failure?: string }[] = [];
  const open = new Map<string, (typeof exchanges)[number]>();
  const key = (event: { workflowId: string; stepId: string; attempt: number }) => `${event.workflowId}\u0000${event.stepId}\u0000${event.attempt}`;
  for (const event of events) {
    if (event.type === 'request') {
      const exchange = { request: event };
      exchanges.push(exchange);
      open.set(key(event), exchange);
    } else if (event.type === 'response') {
      const exchange = open.get(key(event));
      if (exchange) exchange.response = event;
    } else if (event.type === 'step.end') {
      const exchange = open.get(key(event));
      if (exchange && !exchange.response) exchange.failure = (event as StepEndEvent).reason ?? 'no response';
      open.delete(key(event));
    }
  }
  return exchanges;
}

/** The trace's run.end event: the recorded status and outputs. */
export function runEndOf(events: readonly RunEvent[]): RunEndEvent | undefined {
  return events.find((event): event is RunEndEvent => event.type === 'run.end');
}
