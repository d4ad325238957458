import type { Diagnostic, FixableDiagnostic, SkippedFix } from '@loom/engine';
import { escapeControlCharacters, paint, type Terminal } from '../terminal.js';
import type { DisplayFile } from './diagnostics.js';

/** `file:line:col  rule  description`: one fix made (a position in the text the fix was made to). */
export function formatAppliedFix(diagnostic: FixableDiagnostic, displayFile: DisplayFile, terminal: Terminal): string {
  return `${location(diagnostic, displayFile)}  ${paint(terminal, 'gray', escapeControlCharacters(diagnostic.code))}  ${paint(terminal, 'green', escapeControlCharacters(diagnostic.fix.description))}`;
}

/** `file:line:col  rule  not fixed: reason`. */
export function formatSkippedFix({ diagnostic, reason }: SkippedFix, displayFile: DisplayFile, terminal: Terminal): string {
  return `${location(diagnostic, displayFile)}  ${paint(terminal, 'gray', escapeControlCharacters(diagnostic.code))}  ${paint(terminal, 'yellow', 'not fixed')}: ${escapeControlCharacters(reason)}`;
}

/** `3 fixes in 2 files` (`made`, or with a dry run `to make`). */
export function formatFixSummary(fixes: number, files: number, dryRun: boolean): string {
  if (fixes === 0) return 'nothing to fix';
  const counted = `${fixes} ${fixes === 1 ? 'fix' : 'fixes'} in ${files} ${files === 1 ? 'file' : 'files'}`;
  return dryRun ? `would make ${counted} (dry run: nothing written)` : `made ${counted}`;
}

/** A unified diff of one file's fixes, `a/` and `b/` prefixed as git writes them (`git apply` takes it). */
export async function formatFixDiff(file: string, before: string, after: string): Promise<string> {
  // The diff package is loaded for --dry-run only.
  const { createTwoFilesPatch } = await import('diff');
  const name = file.replace(/\\/g, '/');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3, headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true } });
}

function location(diagnostic: Diagnostic, displayFile: DisplayFile): string {
  const file = diagnostic.source ? displayFile(diagnostic.source) : '<input>';
  const start = diagnostic.range?.start;
  return escapeControlCharacters(start ? `${file}:${start.line}:${start.column}` : file);
}
