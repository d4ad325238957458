import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../packages/cli/src/main.js';
import { COMMANDS, corpusFolder, describeDifference, loadCases, loadExpected, observeCommand } from './corpus.mjs';

/**
 * Public Arazzo documents (test/real-world/README.md says where each comes from) and what
 * `loom validate` and `loom lint` report on each, as data in expected.json: [rule id, line,
 * severity]. When Loom's diagnostics change on purpose, regenerate it with
 * `node test/real-world/update-expected.mjs` and review the diff.
 */
const cases = loadCases();
const expected = loadExpected();

describe('real-world corpus', () => {
  it('every case names a document in the corpus, once, and has expected data', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cases.map((testCase) => testCase.id)).size).toBe(cases.length);
    for (const testCase of cases) {
      expect(existsSync(join(corpusFolder, testCase.document)), testCase.document).toBe(true);
      expect(Object.keys(expected[testCase.id] ?? {}), testCase.id).toEqual(COMMANDS);
    }
    expect(Object.keys(expected).filter((id) => !cases.some((testCase) => testCase.id === id))).toEqual([]);
  });

  // In one process, one case after another: the first lint loads Spectral (seconds on a loaded machine).
  describe.each(cases)('$id', (testCase) => {
    it.each(COMMANDS)('loom %s reports the expected diagnostics', { timeout: 60_000 }, async (command) => {
      const observed = await observeCommand(main, testCase, command);
      const difference = describeDifference(expected[testCase.id]?.[command], observed);
      expect(difference, `loom ${command} ${testCase.document} (- expected, + reported):\n${difference}\n`).toBe('');
    });
  });
});
