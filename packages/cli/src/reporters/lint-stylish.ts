import { escapeControlCharacters as escape, paint, type Terminal } from '../terminal.js';
import { countBySeverity, groupByFile, type LintReportInput } from './lint-report.js';

const severityStyle = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' } as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** How much of a source line is shown: a minified or 2,000-level-deep line must not flood the terminal. */
const EXCERPT_WIDTH = 120;

/**
 * The part of `source` around `column` (1-based) that fits EXCERPT_WIDTH, escaped, with `…` where
 * it was cut, and the caret's offset in the text shown.
 */
export function sourceExcerpt(source: string, column: number): { readonly text: string; readonly caret: number } {
  const at = Math.min(Math.max(0, column - 1), source.length);
  const start = source.length <= EXCERPT_WIDTH ? 0 : Math.max(0, Math.min(at - Math.floor(EXCERPT_WIDTH / 3), source.length - EXCERPT_WIDTH));
  const end = Math.min(source.length, start + EXCERPT_WIDTH);
  const before = (start > 0 ? '…' : '') + escape(source.slice(start, at));
  return { text: before + escape(source.slice(at, end)) + (end < source.length ? '…' : ''), caret: before.length };
}

/**
 * Human output, grouped by file (like Spectral's and ESLint's "stylish"): one line per
 * problem, `line:column  severity  rule  message`, then the offending source line with a caret.
 * What comes from the document (messages, rule ids, source lines) is printed escaped.
 */
export function formatLintStylish(input: LintReportInput, terminal: Terminal): string {
  const blocks: string[] = [];
  for (const { url, diagnostics } of groupByFile(input)) {
    if (diagnostics.length === 0) continue;
    const lines = (input.texts.get(url) ?? '').split(/\r?\n/);
    const out = [paint(terminal, 'bold', escape(input.displayFile(url)))];
    const positionWidth = Math.max(...diagnostics.map((d) => `${d.range?.start.line ?? 0}:${d.range?.start.column ?? 0}`.length));
    const severityWidth = Math.max(...diagnostics.map((d) => d.severity.length));
    const codeWidth = Math.max(...diagnostics.map((d) => d.code.length));
    for (const diagnostic of diagnostics) {
      const start = diagnostic.range?.start;
      const position = `${start?.line ?? 0}:${start?.column ?? 0}`.padEnd(positionWidth);
      const severity = paint(terminal, severityStyle[diagnostic.severity], diagnostic.severity.padEnd(severityWidth));
      out.push(`  ${position}  ${severity}  ${paint(terminal, 'gray', escape(diagnostic.code.padEnd(codeWidth)))}  ${escape(diagnostic.message)}`);
      const source = start ? lines[start.line - 1] : undefined;
      if (start && source !== undefined && source.trim() !== '') {
        const gutter = String(start.line);
        const shown = sourceExcerpt(source, start.column);
        out.push(paint(terminal, 'dim', `    ${gutter} | ${shown.text}`));
        out.push(paint(terminal, 'dim', `    ${' '.repeat(gutter.length)} | ${' '.repeat(shown.caret)}^`));
      }
    }
    blocks.push(out.join('\n'));
  }
  const counts = countBySeverity(input.diagnostics);
  const total = input.diagnostics.length;
  if (total === 0) {
    blocks.push(paint(terminal, 'green', `✔ ${plural(input.files.length, 'document')}: no problems`));
  } else {
    const summary = `${total === 1 ? '1 problem' : `${total} problems`} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}, ${plural(counts.hint, 'hint')})`;
    blocks.push(counts.error > 0 ? paint(terminal, 'red', `✖ ${summary}`) : paint(terminal, 'yellow', `⚠ ${summary}`));
  }
  return `${blocks.join('\n\n')}\n`;
}
