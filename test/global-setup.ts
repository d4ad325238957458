import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BUILD_STEPS } from '../scripts/build.mjs';

/**
 * Tests that run `loom` as a process use the built, bundled CLI; build it first (tsc is
 * incremental, so a no-op when dist is current; the bundle takes about a second and
 * rewrites only files that changed) so that such a test never runs stale code.
 * A failed build stops the run: tests that passed against the previous build would say
 * nothing about the code as it is now.
 */
export default function setup(): void {
  buildForTests(fileURLToPath(new URL('..', import.meta.url)));
}

/** `pnpm run build`'s steps (scripts/build.mjs) in `root`; throws with the tool's output when one fails. */
export function buildForTests(root: string): void {
  for (const step of BUILD_STEPS) runBuildStep(step.name, step.args, root);
}

function runBuildStep(name: string, args: readonly string[], cwd: string): void {
  try {
    execFileSync(process.execPath, args, { cwd, stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    const output = [stdout?.toString(), stderr?.toString()].filter((text) => text !== undefined && text.trim() !== '').join('\n');
    throw new Error(`global-setup: the build failed (${name}); no test runs against an older build.\n${output || String(error)}`);
  }
}
