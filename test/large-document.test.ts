import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../packages/engine/src/index.js';
import { writeLargeDocument } from '../packages/engine/bench/support/large-document.mjs';
import { runLoom } from './support/run-loom.js';

/**
 * The 10,000-step document of issue 11 (ten workflows of 1,000 steps with parameters, criteria and
 * outputs; packages/engine/bench/support/large-document.mjs, the benchmark's document). Before
 * DECISIONS D55 `loom validate` took 6.5 s of CPU and 330 MB on it: yaml's syntax tree for every
 * node, and ajv's uniqueItems comparing every pair of steps. The bounds below are generous (the
 * machine running the tests is shared and loaded) but well under those figures.
 */
const reportUsage = fileURLToPath(new URL('../packages/engine/bench/support/report-usage.cjs', import.meta.url));

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'loom-large-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Milliseconds to load and validate the document (sources and operations included), best of `times`. */
async function validationTime(path: string, times: number): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < times; round++) {
    const started = performance.now();
    const loaded = await loadDocument(path);
    best = Math.min(best, performance.now() - started);
    expect(loaded.diagnostics).toEqual([]);
  }
  return best;
}

describe('large documents (DECISIONS D55)', () => {
  it('D55: loom validate checks the 10,000-step document in well under the old time and memory', { timeout: 120_000 }, async () => {
    const document = writeLargeDocument(join(folder, 'full'));
    const usageFile = join(folder, 'usage.json');
    const result = await runLoom(['validate', document], { env: { NODE_OPTIONS: `--require ${reportUsage}`, LOOM_BENCH_USAGE_FILE: usageFile } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    // CPU time, not wall time: other processes on a loaded machine stretch the wall clock, far less
    // the CPU this process used. Before D55: 6.5 s (more under load); now about 1.5 s on a quiet machine.
    expect((usage.userCPUTime + usage.systemCPUTime) / 1000).toBeLessThan(4_500);
    // Before D55: 330 MB; now about 200 MB (Node itself and the loaded modules take 60 MB).
    expect(usage.maxRSS / 1024).toBeLessThan(280);
  });

  it('D55: validation time grows linearly: ten times the steps takes about ten times as long', { timeout: 120_000 }, async () => {
    const small = writeLargeDocument(join(folder, 'small'), { workflows: 10, steps: 100 });
    const large = writeLargeDocument(join(folder, 'large'), { workflows: 10, steps: 1000 });
    // Warm up (module loading, JIT), then the best of several runs of each size.
    await validationTime(small, 2);
    const smallTime = await validationTime(small, 5);
    const largeTime = await validationTime(large, 2);
    // Linear is 10. A quadratic part (ajv's pairwise uniqueItems was one) took the ratio past 20;
    // the bound leaves room for the garbage collector, which works harder on a larger heap, and
    // for a shared machine's noise, which the best-of-several runs damp but cannot remove.
    expect(largeTime / smallTime).toBeLessThan(16);
  });
});
