import type { CaseResult } from '../test-runner/types.js';
import { escapeControlCharacters as escape, paint, type Terminal } from '../terminal.js';
import { countResults, failureLines, flakyNote } from './test-failure.js';

const MARKS = { passed: ['green', '✔'], failed: ['red', '✖'], skipped: ['yellow', '↷'], flaky: ['yellow', '⚠'] } as const;

/**
 * The readable `loom test` report: a block per case as it ends (its mark, then a line per step
 * with status and time; for a failure the criteria with the values seen and the response start),
 * then the totals. Every string from a document or a response is escaped.
 */
export function formatCaseBlock(result: CaseResult, terminal: Terminal): string {
  const [colour, mark] = MARKS[result.status];
  const time = result.runs > 0 ? paint(terminal, 'gray', `  ${formatMs(result.durationMs)}`) : '';
  const lines = [`${paint(terminal, colour, mark)} ${paint(terminal, 'bold', escape(result.testCase.id))}${time}`];
  for (const step of result.steps) {
    const stepMark = step.status === 'success' ? paint(terminal, 'green', '✔') : paint(terminal, 'red', '✖');
    const code = step.statusCode !== undefined ? ` ${step.statusCode}` : '';
    const attempts = step.attempts > 1 ? ` (${step.attempts} attempts)` : '';
    lines.push(`    ${stepMark} ${escape(step.stepId)}${code}  ${paint(terminal, 'gray', `${formatMs(step.durationMs)}${attempts}`)}`);
  }
  if (result.status === 'failed') for (const line of failureLines(result)) lines.push(`      ${paint(terminal, 'red', escape(line))}`);
  if (result.status === 'skipped') lines.push(`    ${paint(terminal, 'yellow', `skipped: ${escape(result.message ?? '')}`)}`);
  if (result.status === 'flaky') lines.push(`    ${paint(terminal, 'yellow', flakyNote(result))}`);
  return `${lines.join('\n')}\n`;
}

export function formatTotals(results: readonly CaseResult[], durationMs: number, terminal: Terminal): string {
  const totals = countResults(results);
  const parts = [
    paint(terminal, totals.passed > 0 ? 'green' : 'gray', `${totals.passed} passed`),
    paint(terminal, totals.failed > 0 ? 'red' : 'gray', `${totals.failed} failed`),
    paint(terminal, totals.skipped > 0 ? 'yellow' : 'gray', `${totals.skipped} skipped`),
    paint(terminal, totals.flaky > 0 ? 'yellow' : 'gray', `${totals.flaky} flaky`),
  ];
  return `\n${parts.join(', ')} (${totals.total} case${totals.total === 1 ? '' : 's'}) in ${formatMs(durationMs)}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
