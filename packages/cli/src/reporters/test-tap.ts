import type { CaseResult } from '../test-runner/types.js';
import { failureLines, flakyNote } from './test-failure.js';

/**
 * `loom test --reporter tap`: TAP version 14 (https://testanything.org/tap-version-14-specification.html),
 * a test point per case; a failure has a YAML diagnostic block with its message and details, a skipped case
 * the `# SKIP` directive with its reason, a flaky pass is `ok` with "(flaky)" in its description and the
 * runs in its diagnostic block.
 */
export function renderTestTap(results: readonly CaseResult[]): string {
  const lines = ['TAP version 14', `1..${results.length}`];
  results.forEach((result, index) => {
    const number = index + 1;
    const description = tapDescription(result.testCase.id);
    if (result.status === 'skipped') {
      lines.push(`ok ${number} - ${description} # SKIP ${tapDescription(result.message ?? '')}`);
    } else if (result.status === 'failed') {
      lines.push(`not ok ${number} - ${description}`, '  ---', `  message: ${yamlString(result.message ?? 'failed')}`, '  details: |-', ...failureLines(result).map((line) => `    ${line}`), `  runs: ${result.runs}`, `  duration_ms: ${Math.round(result.durationMs)}`, '  ...');
    } else if (result.status === 'flaky') {
      lines.push(`ok ${number} - ${description} (flaky)`, '  ---', `  message: ${yamlString(flakyNote(result))}`, `  runs: ${result.runs}`, '  ...');
    } else {
      lines.push(`ok ${number} - ${description}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

/** A description stays on its line and does not start a directive (`#` is escaped, TAP 14). */
function tapDescription(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

/** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}
