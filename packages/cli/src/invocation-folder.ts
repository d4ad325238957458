import { isAbsolute } from 'node:path';

/** The root package's script that runs the CLI (`pnpm loom ...`, `npm run loom ...`). */
const LOOM_SCRIPT = 'loom';
/** The repository's root package.json `name`: only its own `loom` script is recognised. */
const LOOM_ROOT_PACKAGE = 'loom';

/**
 * The folder relative paths on the command line are resolved against. pnpm and npm run a root
 * script in the workspace root but put the folder the user typed the command in into INIT_CWD:
 * when the CLI is run by the repository's own `loom` script, that is the folder the user means
 * (DECISIONS D45). Any other script keeps npm's convention (paths relative to its package root).
 */
export function invocationFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  const initial = env.INIT_CWD;
  const runByLoomScript = env.npm_lifecycle_event === LOOM_SCRIPT && env.npm_package_name === LOOM_ROOT_PACKAGE;
  return runByLoomScript && initial !== undefined && isAbsolute(initial) ? initial : cwd;
}
