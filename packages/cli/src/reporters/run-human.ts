import type { PlannedRequest, ResponseEvent, RunEvent, RunResult } from '@loom/engine';
import { MAX_SHOWN_DEPTH, writeJson } from '@loom/expressions/internal';
import { formatResponseExcerpt } from './response-excerpt.js';
import { escapeControlCharacters as escape, escapeControlCharactersKeepingLayout, paint, type Terminal } from '../terminal.js';

export interface HumanRunReporter {
  onEvent(event: RunEvent): void;
  finish(result: RunResult): void;
}

/**
 * What a person watching `loom run` sees: a line per step as it ends (method, URL,
 * status, time, and why it failed), retries and jumps as they happen, then the
 * outputs. Events arrive masked (DECISIONS D21). Every string that comes from a response or
 * the document passes through `escape` (control characters shown escaped) before printing.
 */
export interface HumanRunOptions {
  /** Only the final line (and failures). */
  readonly quiet?: boolean;
  /** Also request and response heads and bodies (masked). */
  readonly verbose?: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createHumanRunReporter(out: NodeJS.WritableStream, terminal: Terminal, options: HumanRunOptions = {}): HumanRunReporter {
  const depthOf = new Map<string, number>();
  let lastRequest: { method: string; url: string } | undefined;
  let lastResponse: ResponseEvent | undefined;
  const failed: string[] = [];
  const indent = (workflowId: string) => '  '.repeat(depthOf.get(workflowId) ?? 0);
  // On a TTY a spinner line shows the step in flight; it is erased before any other line is written.
  let spinner: { timer: NodeJS.Timeout; text: string; frame: number } | undefined;
  const clearSpinner = () => {
    if (!spinner) return;
    clearInterval(spinner.timer);
    out.write('\r\u001b[K');
    spinner = undefined;
  };
  const startSpinner = (text: string) => {
    clearSpinner();
    if (!terminal.isTTY || options.quiet) return;
    const state = { text, frame: 0, timer: setInterval(() => {
      state.frame = (state.frame + 1) % SPINNER.length;
      out.write(`\r\u001b[K${paint(terminal, 'cyan', SPINNER[state.frame]!)} ${state.text}`);
    }, 80) };
    state.timer.unref();
    spinner = state;
    out.write(`${paint(terminal, 'cyan', SPINNER[0]!)} ${text}`);
  };
  const write = (line: string) => {
    clearSpinner();
    out.write(`${line}\n`);
  };
  const detail = (line: string) => {
    if (options.verbose) write(paint(terminal, 'gray', line));
  };

  return {
    onEvent(event) {
      if (options.quiet && (event.type === 'run.start' || event.type === 'workflow.start' || event.type === 'action')) return;
      switch (event.type) {
        case 'run.start':
          write(paint(terminal, 'bold', `▶ ${escape(event.workflowId)}`));
          break;
        case 'workflow.start':
          depthOf.set(event.workflowId, event.depth);
          if (event.depth > 0) write(`${'  '.repeat(event.depth)}${paint(terminal, 'cyan', `▶ ${escape(event.workflowId)}`)} ${paint(terminal, 'gray', `(${escape(event.reason)})`)}`);
          break;
        case 'step.start':
          lastRequest = undefined;
          lastResponse = undefined;
          failed.length = 0;
          // An asynchronous step (Arazzo 1.1): `send orders/{region}/placed` until its message event names the channel.
          if (event.kind === 'message' && event.operation !== undefined) {
            lastRequest = { method: '', url: escape(event.operation) };
            startSpinner(`${escape(event.stepId)}  ${lastRequest.url}`);
          }
          break;
        case 'message.send':
        case 'message.receive': {
          const arrow = event.type === 'message.send' ? '>' : '<';
          lastRequest = { method: '', url: `${event.type === 'message.send' ? 'send' : 'receive'} ${escape(event.channel)} (${escape(event.protocol)})` };
          detail(`${indent(event.workflowId)}  ${arrow} ${event.type === 'message.send' ? 'SEND' : 'RECEIVE'} ${escape(event.server)} ${escape(event.channel)} (${event.bytes} bytes${event.type === 'message.receive' ? `, waited ${formatMs(event.waitedMs)}` : ''})`);
          if (event.contentType !== undefined) detail(`${indent(event.workflowId)}  ${arrow} content-type: ${escape(event.contentType)}`);
          for (const [name, value] of Object.entries(event.headers)) detail(`${indent(event.workflowId)}  ${arrow} ${escape(name)}: ${escape(value)}`);
          detail(`${indent(event.workflowId)}  ${arrow} ${typeof event.payload === 'string' ? escapeControlCharactersKeepingLayout(event.payload) : escape(JSON.stringify(event.payload))}`);
          break;
        }
        case 'request':
          lastRequest = { method: escape(event.method), url: escape(event.url) };
          startSpinner(`${escape(event.stepId)}  ${lastRequest.method} ${lastRequest.url}`);
          detail(`${indent(event.workflowId)}  > ${lastRequest.method} ${lastRequest.url}`);
          for (const [name, value] of Object.entries(event.headers)) detail(`${indent(event.workflowId)}  > ${escape(name)}: ${escape(value)}`);
          if (event.body !== undefined) detail(`${indent(event.workflowId)}  > ${escapeControlCharactersKeepingLayout(event.body)}`);
          break;
        case 'response':
          lastResponse = event;
          detail(`${indent(event.workflowId)}  < ${event.statusCode} (${event.bytes} bytes, ${formatMs(event.durationMs)})`);
          for (const [name, value] of Object.entries(event.headers)) detail(`${indent(event.workflowId)}  < ${escape(name)}: ${escape(Array.isArray(value) ? value.join(', ') : value)}`);
          if (event.body !== undefined) detail(`${indent(event.workflowId)}  < ${event.body instanceof Uint8Array ? `(${event.body.byteLength} bytes of binary)` : typeof event.body === 'string' ? escapeControlCharactersKeepingLayout(event.body) : escape(JSON.stringify(event.body))}`);
          break;
        case 'criterion':
          if (!event.passed && event.owner === 'successCriteria') failed.push(escape(event.explanation ?? event.condition));
          break;
        case 'action': {
          const target = escape(event.targetStepId ?? event.targetWorkflowId ?? '');
          const what =
            event.action === 'retry'
              ? `↻ retry ${escape(event.stepId)}${event.delayMs ? ` in ${formatMs(event.delayMs)}` : ''}${target ? ` after ${target}` : ''}`
              : event.action === 'goto'
                ? `→ goto ${target}`
                : '■ end';
          write(`${indent(event.workflowId)}  ${paint(terminal, 'gray', `${what} (${event.kind} action ${escape(event.name)})`)}`);
          break;
        }
        case 'step.end': {
          if (options.quiet && event.status === 'success') break;
          const mark = event.status === 'success' ? paint(terminal, 'green', '✔') : paint(terminal, 'red', '✖');
          const request = lastRequest ? (lastRequest.method === '' ? lastRequest.url : `${lastRequest.method} ${lastRequest.url}`) : 'workflow';
          const status = event.statusCode !== undefined ? ` ${statusText(terminal, event.statusCode)}` : '';
          const attempts = event.attempt > 1 ? paint(terminal, 'gray', ` (${event.attempt} attempts)`) : '';
          write(`${indent(event.workflowId)}${mark} ${paint(terminal, 'bold', escape(event.stepId))}  ${request}${status}  ${paint(terminal, 'gray', formatMs(event.durationMs))}${attempts}`);
          if (event.status === 'failure') {
            const reasons = failed.length > 0 ? failed : event.reason ? [escape(event.reason)] : [];
            for (const reason of reasons) write(`${indent(event.workflowId)}    ${paint(terminal, 'red', reason)}`);
            // The response that failed it; --verbose has shown it whole already.
            if (lastResponse && !options.verbose) for (const line of formatResponseExcerpt(lastResponse)) write(`${indent(event.workflowId)}    ${paint(terminal, 'gray', line)}`);
          }
          break;
        }
        default:
          break;
      }
    },
    finish(result) {
      clearSpinner();
      const outputs = Object.entries(result.outputs as Record<string, unknown>);
      if (outputs.length > 0 && !options.quiet) {
        write(paint(terminal, 'bold', 'outputs'));
        // DECISIONS D33: unmasked outputs (--show-secrets) are whole; no depth may overflow the writer.
        for (const [name, value] of outputs) write(`  ${escape(name)}: ${escape(writeJson(value, { maxDepth: MAX_SHOWN_DEPTH }) ?? 'undefined')}`);
      }
      if (!options.quiet) {
        for (const warning of result.warnings) write(paint(terminal, 'yellow', `⚠ ${escape(warning)}`));
        if (result.steps.length > 1) for (const line of summaryTable(result, terminal)) write(line);
      }
      const steps = `${result.steps.length} step${result.steps.length === 1 ? '' : 's'}`;
      if (result.status === 'success') write(paint(terminal, 'green', `✔ ${escape(result.workflowId)} succeeded: ${steps} in ${formatMs(result.durationMs)}`));
      else write(paint(terminal, 'red', `✖ ${escape(result.workflowId)} failed${result.error?.stepId ? ` at step ${escape(result.error.stepId)}` : ''}: ${escape(result.error?.message ?? 'unknown reason')}`));
    },
  };
}

function statusText(terminal: Terminal, statusCode: number): string {
  return paint(terminal, statusCode < 300 ? 'green' : statusCode < 400 ? 'yellow' : 'red', String(statusCode));
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `loom run --dry-run`: each request the first pass would send, head and body. */
export function formatPlannedRequests(requests: readonly PlannedRequest[], terminal: Terminal): string {
  const lines: string[] = [];
  for (const request of requests) {
    lines.push(`${paint(terminal, 'bold', escape(request.stepId))}  ${escape(request.method)} ${escape(request.url)}${request.workflowId ? paint(terminal, 'gray', `  (${escape(request.workflowId)})`) : ''}`);
    if (request.problem) lines.push(`  ${paint(terminal, 'red', escape(request.problem))}`);
    for (const [name, value] of Object.entries(request.headers)) lines.push(`  ${escape(name)}: ${escape(value)}`);
    if (request.body !== undefined) lines.push(`  ${escapeControlCharactersKeepingLayout(request.body)}`);
  }
  lines.push(paint(terminal, 'gray', `${requests.length} request${requests.length === 1 ? '' : 's'}; dry run: nothing was sent`));
  return `${lines.join('\n')}\n`;
}

/** The closing table: one row per step execution, in the order they ran. */
function summaryTable(result: RunResult, terminal: Terminal): string[] {
  const rows = result.steps.map((step) => [escape(step.stepId), escape(step.workflowId), step.status, String(step.attempts), step.statusCode === undefined ? '-' : String(step.statusCode), formatMs(step.durationMs)]);
  const header = ['step', 'workflow', 'status', 'attempts', 'code', 'time'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  return [
    paint(terminal, 'bold', 'summary'),
    paint(terminal, 'gray', line(header)),
    ...rows.map((row) => {
      const text = line(row);
      return row[2] === 'success' ? text : paint(terminal, 'red', text);
    }),
  ];
}
