import type { Severity } from '@loom/engine';
import type { LintReportInput } from './lint-report.js';

/** SARIF 2.1.0 §3.27.10 `level`: there is no "info" or "hint"; both are "note". */
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * `--format sarif`: a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
 * with one run, the rules that fired as `tool.driver.rules`, and file locations
 * relative to the working directory, as code-scanning UIs (GitHub) expect.
 */
export function formatLintSarif(input: LintReportInput): string {
  const ruleIds = [...new Set(input.diagnostics.map((diagnostic) => diagnostic.code))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'loom',
            informationUri: 'https://github.com/OAI/Arazzo-Specification',
            version: input.toolVersion,
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: input.ruleDescriptions.get(id) ?? id },
            })),
          },
        },
        artifacts: input.files.map((url) => ({ location: { uri: input.displayFile(url) } })),
        results: input.diagnostics.map((diagnostic) => {
          const range = diagnostic.range;
          return {
            ruleId: diagnostic.code,
            ruleIndex: ruleIndex.get(diagnostic.code),
            level: LEVELS[diagnostic.severity],
            message: { text: diagnostic.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: diagnostic.source ? input.displayFile(diagnostic.source) : '', index: diagnostic.source ? input.files.indexOf(diagnostic.source) : -1 },
                  ...(range
                    ? { region: { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column } }
                    : {}),
                },
                logicalLocations: [{ fullyQualifiedName: diagnostic.path || '/' , kind: 'object' }],
              },
            ],
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
