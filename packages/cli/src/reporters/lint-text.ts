import type { Severity } from '@loom/engine';
import { escapeControlCharacters as escape } from '../terminal.js';
import type { LintReportInput } from './lint-report.js';

/** Spectral's severity names (its getSeverityName). */
const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' };

/**
 * `--format text`: Spectral's text format, one line per problem, grep- and editor-friendly:
 * `file:line:column severity code "message"` (1-based). The file is shown relative to the working
 * directory, as in stylish; what comes from the document is printed escaped.
 */
export function formatLintText(input: LintReportInput): string {
  const lines = input.diagnostics.map((diagnostic) => {
    const file = diagnostic.source ? input.displayFile(diagnostic.source) : '<input>';
    const start = diagnostic.range?.start;
    return escape(`${file}:${start?.line ?? 1}:${start?.column ?? 1} ${SEVERITY_NAMES[diagnostic.severity]} ${diagnostic.code} "${diagnostic.message}"`);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
