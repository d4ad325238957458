import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Tests that run `loom` as a process use the built, bundled CLI; build it first (tsc is
 * incremental, so a no-op when dist is current; the bundle takes about a second and
 * rewrites only files that changed) so that such a test never runs stale code.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'packages/expressions', 'packages/engine', 'packages/spectral-ruleset', 'packages/cli'], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, ['packages/cli/scripts/bundle.mjs'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // `pnpm test` type-checks before vitest starts, so this only happens in a partial run
    // (`pnpm vitest run some/file`) while the tree does not compile: say so, and let the
    // process tests fail on their own rather than abort every other test.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    process.stderr.write(`global-setup: the build failed; tests that run the loom process use the last good build\n${output}\n`);
  }
}
