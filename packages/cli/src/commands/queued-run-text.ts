import type { QueuedRun } from '@loom/queue';
import { escapeControlCharacters, escapeJsonControlCharacters, paint, type Terminal } from '../terminal.js';

/** A queued run as text (`loom status`, `loom enqueue --wait`): a head line, then what it produced or why it failed. */
export function describeQueuedRun(run: QueuedRun, terminal: Terminal): string {
  const lines = [headLine(run, terminal)];
  if (run.result?.outputs && Object.keys(run.result.outputs).length > 0) lines.push(`  outputs: ${escapeJsonControlCharacters(JSON.stringify(run.result.outputs))}`);
  if (run.result?.error) lines.push(`  error: ${escapeControlCharacters(run.result.error.message)}${run.result.error.stepId ? ` (step ${escapeControlCharacters(run.result.error.stepId)})` : ''}`);
  if (run.failure !== undefined) lines.push(`  ${run.state === 'cancelled' ? 'cancelled' : 'not carried out'}: ${escapeControlCharacters(run.failure)}`);
  lines.push(`  queued ${run.queuedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}${run.attempts > 1 ? `, ${run.attempts} attempts` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** One line per run (`loom results`). */
export function queuedRunLine(run: QueuedRun, terminal: Terminal): string {
  return `${headLine(run, terminal)}\n`;
}

function headLine(run: QueuedRun, terminal: Terminal): string {
  const parts = [escapeControlCharacters(run.runId), stateText(run, terminal), `workflow ${escapeControlCharacters(run.workflowId)}`];
  if (run.progress) parts.push(`at step ${escapeControlCharacters(run.progress.stepId)} (${run.progress.stepsDone} done)`);
  if (run.result) parts.push(`${Math.round(run.result.durationMs)} ms`);
  return parts.join('  ');
}

function stateText(run: QueuedRun, terminal: Terminal): string {
  if (run.state === 'completed') return run.result?.status === 'success' ? paint(terminal, 'green', 'succeeded') : paint(terminal, 'red', 'failed');
  if (run.state === 'failed') return paint(terminal, 'red', 'not carried out');
  if (run.state === 'cancelled') return paint(terminal, 'yellow', 'cancelled');
  return run.state;
}
