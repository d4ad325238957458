/**
 * DECISIONS D50: Spectral's output rules judged expressions Loom reads exactly, and rejected
 * valid ones; in Loom's ruleset they are off, and a bad output is reported once, by Loom.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-loom.js';
import { runLoomInProcess } from './support/fake-context.js';

interface SpectralResult {
  readonly code: string;
  readonly severity: number;
  readonly range: { readonly start: { readonly line: number } };
}

describe('loom lint and output expressions', () => {
  it('D50: lint accepts outputs that read $inputs through components.inputs and dotted declared names, and still reports a bad output expression once', async () => {
    const result = await runLoomInProcess(['lint', 'outputs.arazzo.yaml', '-f', 'json'], { cwd: join(repoRoot, 'test/fixtures/lint-outputs') });
    expect(result.stderr).toBe('');
    const errors = (JSON.parse(result.stdout) as SpectralResult[]).filter((entry) => entry.severity === 0);
    expect(errors.map((entry) => [entry.code, entry.range.start.line + 1])).toEqual([['expression-unknown-step', 32]]);
    expect(result.code).toBe(1);
  });
});
