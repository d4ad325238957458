import { groupByFile, type LintReportInput } from './lint-report.js';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character]!);
}

/**
 * `--format junit`: one test suite per file, one failing test case per problem
 * (its type the severity), and one passing case for a file without problems,
 * so CI systems show each file.
 */
export function formatLintJunit(input: LintReportInput): string {
  const suites = groupByFile(input).map(({ url, diagnostics }) => {
    const file = escapeXml(input.displayFile(url));
    const cases =
      diagnostics.length === 0
        ? [`    <testcase classname="${file}" name="loom lint"/>`]
        : diagnostics.map((diagnostic) => {
            const start = diagnostic.range?.start;
            const where = start ? `${start.line}:${start.column}` : '';
            const name = escapeXml(`${diagnostic.code} ${where}`.trim());
            const body = escapeXml(`${input.displayFile(url)}${where ? `:${where}` : ''} ${diagnostic.message} (${diagnostic.path || '/'})`);
            return `    <testcase classname="${file}" name="${name}">\n      <failure type="${diagnostic.severity}" message="${escapeXml(diagnostic.message)}">${body}</failure>\n    </testcase>`;
          });
    return `  <testsuite name="${file}" tests="${Math.max(1, diagnostics.length)}" failures="${diagnostics.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const failures = input.diagnostics.length;
  const tests = groupByFile(input).reduce((sum, { diagnostics }) => sum + Math.max(1, diagnostics.length), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="loom lint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
