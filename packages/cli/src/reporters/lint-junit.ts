import { formatJUnit } from './junit.js';
import { groupByFile, type LintReportInput } from './lint-report.js';

/**
 * `--format junit`: one test suite per file, one failing test case per problem
 * (its type the severity), and one passing case for a file without problems,
 * so CI systems show each file.
 */
export function formatLintJunit(input: LintReportInput): string {
  const suites = groupByFile(input).map(({ url, diagnostics }) => {
    const file = input.displayFile(url);
    return {
      name: file,
      cases:
        diagnostics.length === 0
          ? [{ name: 'loom lint', classname: file }]
          : diagnostics.map((diagnostic) => {
              const start = diagnostic.range?.start;
              const where = start ? `${start.line}:${start.column}` : '';
              return {
                name: `${diagnostic.code} ${where}`.trim(),
                classname: file,
                failure: {
                  type: diagnostic.severity,
                  message: diagnostic.message,
                  details: `${file}${where ? `:${where}` : ''} ${diagnostic.message} (${diagnostic.path || '/'})`,
                },
              };
            }),
    };
  });
  return formatJUnit(suites, 'loom lint');
}
