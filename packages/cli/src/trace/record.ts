import { dirname, isAbsolute, relative, sep } from 'node:path';
import type { RunEvent } from '@loom/engine';
import { eventLine, TRACE_FORMAT, TRACE_VERSION, type TraceHeader } from './format.js';

export interface TraceRecorderOptions {
  /** The document as a path (absolute or relative to the working folder, already resolved by the caller) or URL. */
  readonly documentPath: string;
  /** Where the trace will be written (absolute): the document is stored relative to its folder. */
  readonly traceFile: string;
  readonly workflowId: string;
  readonly servers: Readonly<Record<string, string>>;
  readonly loomVersion: string;
}

/**
 * Records a run as a trace (DECISIONS D85): a header line, then every (masked) run event as one
 * JSON line, in the order emitted. Events are only kept in memory; `render` writes the text.
 */
export function createTraceRecorder(options: TraceRecorderOptions) {
  const recordedAt = new Date().toISOString();
  const lines: string[] = [];
  let inputs: Readonly<Record<string, unknown>> = {};
  let workflowId = options.workflowId;
  return {
    onEvent(event: RunEvent): void {
      if (event.type === 'run.start') {
        inputs = event.inputs;
        workflowId = event.workflowId;
      }
      lines.push(eventLine(event));
    },
    render(): string {
      const header: TraceHeader = {
        type: 'trace',
        format: TRACE_FORMAT,
        version: TRACE_VERSION,
        loom: options.loomVersion,
        recordedAt,
        document: documentReference(options.documentPath, options.traceFile),
        workflowId,
        inputs,
        servers: options.servers,
      };
      return `${[JSON.stringify(header), ...lines].join('\n')}\n`;
    },
  };
}

function documentReference(documentPath: string, traceFile: string): string {
  if (!isAbsolute(documentPath)) return documentPath;
  return relative(dirname(traceFile), documentPath).split(sep).join('/');
}
