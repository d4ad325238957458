import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildForTests } from './global-setup.js';

/** A tree shaped like the repository's four packages, each a one-file tsc project; `broken` holds a type error. */
function packageTree(broken: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'loom-global-setup-'));
  for (const name of ['expressions', 'engine', 'spectral-ruleset', 'cli']) {
    const folder = join(root, 'packages', name);
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { composite: true, strict: true, rootDir: 'src', outDir: 'dist', types: [], lib: ['es5'], skipLibCheck: true }, include: ['src/**/*.ts'] }));
    writeFileSync(join(folder, 'src', 'index.ts'), name === broken ? "export const count: number = 'three';\n" : 'export const count: number = 3;\n');
  }
  return root;
}

describe('the tests\' global setup', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  // A generous timeout: one tsc process over four tiny projects, seconds on a loaded machine.
  it('fails the run, with tsc\'s output, when the code does not compile (no test runs against an older build)', { timeout: 60_000 }, () => {
    root = packageTree('engine');
    expect(() => buildForTests(root!)).toThrow(/the build failed \(tsc -b\)[\s\S]*packages\/engine\/src\/index\.ts[\s\S]*TS2322/);
  });
});
