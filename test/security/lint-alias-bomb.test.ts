import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * `loom lint` used to parse with Spectral's YAML parser, which expands aliases without a
 * limit: this 8-level "billion laughs" took 41 s and 850 MB there. Lint now reads the text
 * through Loom's loader, whose alias limit stops it at once.
 */
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-alias-bomb-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Level 1 is nine strings; each next level is nine aliases of the one before: 9^8 strings in the end. */
function aliasBomb(levels: number): string {
  const names = 'abcdefghij';
  let text = `arazzo: 1.0.1\ninfo: { title: bomb, version: 1.0.0 }\nx-a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
  for (let level = 1; level < levels; level++) {
    const previous = names[level - 1]!;
    text += `x-${names[level]}: &${names[level]} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
  }
  return `${text}workflows: []\n`;
}

describe('loom lint on a YAML alias bomb', { timeout: 60_000 }, () => {
  it('an 8-level alias bomb ends quickly with the alias-limit error, exit 1 (errors found)', async () => {
    const file = join(scratch, 'bomb.arazzo.yaml');
    writeFileSync(file, aliasBomb(8));
    const started = Date.now();
    const result = await runLoomInProcess(['lint', file, '--format', 'json']);
    const elapsed = Date.now() - started;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    // DECISIONS D51: Spectral's JSON results (severity 0 is an error, lines are 0-based).
    const results = JSON.parse(result.stdout) as { code: string; message: string; severity: number; range: { start: { line: number } } }[];
    // One error: the text is not expanded, so no rule runs on it.
    expect(results).toEqual([expect.objectContaining({ code: 'parser', severity: 0, message: expect.stringMatching(/alias count/), range: expect.objectContaining({ start: expect.objectContaining({ line: 0 }) }) })]);
    // A wall-clock bound has to stay: the failure was time and memory, not a wrong answer. Starting
    // Spectral takes a few seconds on a loaded machine; the expansion took 41 s on an idle one.
    expect(elapsed).toBeLessThan(25_000);
  });
});
