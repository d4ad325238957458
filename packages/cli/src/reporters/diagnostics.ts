import type { Diagnostic } from '@loom/engine';
import { displayUrl } from '@loom/engine/internal';
import { escapeControlCharacters, paint, type Terminal } from '../terminal.js';

/** How a diagnostic's file is shown: a path relative to the working directory where possible. */
export type DisplayFile = (url: string) => string;

export function displayFileFor(cwd: string): DisplayFile {
  return (url) => displayUrl(url, cwd);
}

const severityStyle = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' } as const;

/** One line per diagnostic: `file:line:col  severity  rule-id  message`; the message may quote the document, so it is escaped. */
export function formatDiagnosticLine(diagnostic: Diagnostic, displayFile: DisplayFile, terminal: Terminal): string {
  const file = diagnostic.source ? displayFile(diagnostic.source) : '<input>';
  const start = diagnostic.range?.start;
  const location = start ? `${file}:${start.line}:${start.column}` : file;
  const severity = paint(terminal, severityStyle[diagnostic.severity], diagnostic.severity);
  return `${escapeControlCharacters(location)}  ${severity}  ${paint(terminal, 'gray', escapeControlCharacters(diagnostic.code))}  ${escapeControlCharacters(diagnostic.message)}`;
}

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'error') errors++;
    else if (diagnostic.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

/** The JSON shape of a diagnostic in `--format json` output: flat, 1-based line and column. */
export function diagnosticToJson(diagnostic: Diagnostic, displayFile: DisplayFile) {
  return {
    file: diagnostic.source ? displayFile(diagnostic.source) : null,
    line: diagnostic.range?.start.line ?? null,
    column: diagnostic.range?.start.column ?? null,
    endLine: diagnostic.range?.end.line ?? null,
    endColumn: diagnostic.range?.end.column ?? null,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    path: diagnostic.path,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatSummary(counts: DiagnosticCounts, files: number, terminal: Terminal): string {
  if (counts.errors === 0 && counts.warnings === 0) return paint(terminal, 'green', `✔ ${plural(files, 'document')} valid`);
  const text = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
  return counts.errors > 0 ? paint(terminal, 'red', `✖ ${text}`) : paint(terminal, 'yellow', `⚠ ${text}`);
}
