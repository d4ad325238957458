import type { CaseResult } from '../test-runner/types.js';
import { escapeControlCharacters } from '../terminal.js';
import { escapeData, escapeProperty } from './lint-github-actions.js';
import { failureLines, flakyNote } from './test-failure.js';

/**
 * `loom test --reporter github-actions`: an `::error` annotation on the workflow's line for each failed
 * case (its failure lines as the message), a `::warning` for each flaky one; passed and skipped cases
 * make none. Paths are as given (relative to the working folder, the repository root in a workflow).
 */
export function renderTestGithubActions(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.status !== 'failed' && result.status !== 'flaky') continue;
    const properties: [string, string][] = [['file', result.testCase.file]];
    if (result.testCase.line !== undefined) properties.push(['line', String(result.testCase.line)]);
    properties.push(['title', `loom test: ${result.testCase.id}${result.status === 'flaky' ? ' (flaky)' : ''}`]);
    const message = result.status === 'failed' ? failureLines(result).join('\n') : flakyNote(result);
    const list = properties.map(([name, value]) => `${name}=${escapeProperty(value)}`).join(',');
    lines.push(escapeControlCharacters(`::${result.status === 'failed' ? 'error' : 'warning'} ${list}::${escapeData(message)}`));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
