import type { Severity } from '@loom/engine';
import { escapeControlCharacters } from '../terminal.js';
import type { LintReportInput } from './lint-report.js';

/** GitHub Actions workflow commands have no info or hint: both are notices. */
const COMMANDS: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** GitHub's escaping of a command's message (@actions/core `escapeData`): `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a command's property values (@actions/core `escapeProperty`): also `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github-actions`: one workflow command per problem, which GitHub shows as an annotation
 * on the file and lines (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
 * `::error file=<path>,line=<n>,col=<n>,endLine=<n>,endColumn=<n>,title=<rule>::<message>`.
 * Paths are relative to the working directory (the repository root in a workflow), as GitHub expects.
 */
export function formatLintGithubActions(input: LintReportInput): string {
  const lines = input.diagnostics.map((diagnostic) => {
    const properties: [string, string][] = [];
    if (diagnostic.source) properties.push(['file', input.displayFile(diagnostic.source)]);
    const range = diagnostic.range;
    if (range) {
      properties.push(['line', String(range.start.line)], ['col', String(range.start.column)], ['endLine', String(range.end.line)], ['endColumn', String(range.end.column)]);
    }
    properties.push(['title', diagnostic.code]);
    const list = properties.map(([name, value]) => `${name}=${escapeProperty(value)}`).join(',');
    // After GitHub's escaping, what a terminal could still act on (ESC, bidi controls) is escaped as everywhere in Loom's output.
    return escapeControlCharacters(`::${COMMANDS[diagnostic.severity]} ${list}::${escapeData(diagnostic.message)}`);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
