// The build, once: `pnpm run build` runs this file, and the tests' global setup runs the same steps.
// Usage: node scripts/build.mjs   (from the repository root)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Each step is a Node script and its arguments, run from the repository root, in order. */
export const BUILD_STEPS = [
  { name: 'tsc -b', args: [tsc, '-b', 'packages/expressions', 'packages/engine', 'packages/spectral-ruleset', 'packages/queue', 'packages/cli'] },
  { name: 'the CLI bundle', args: ['packages/cli/scripts/bundle.mjs'] },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const step of BUILD_STEPS) {
    try {
      execFileSync(process.execPath, step.args, { stdio: 'inherit' });
    } catch {
      process.exitCode = 1;
      break;
    }
  }
}
