import { diagnosticToJson } from './diagnostics.js';
import { countBySeverity, type LintReportInput } from './lint-report.js';

/** `--format json`: counts and a flat list of problems with 1-based positions (the validate command's shape). */
export function formatLintJson(input: LintReportInput): string {
  const counts = countBySeverity(input.diagnostics);
  const report = {
    files: input.files.map(input.displayFile),
    errors: counts.error,
    warnings: counts.warning,
    infos: counts.info,
    hints: counts.hint,
    diagnostics: input.diagnostics.map((diagnostic) => diagnosticToJson(diagnostic, input.displayFile)),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
