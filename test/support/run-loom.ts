import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// The bundled CLI (packages/cli/scripts/bundle.mjs), what the `loom` bin runs.
const bin = fileURLToPath(new URL('../../packages/cli/dist/bundle/loom.mjs', import.meta.url));

export interface LoomResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: string;
}

/** Runs the built, bundled `loom` command as a separate process, as a user would, with colour off. */
export function runLoom(args: readonly string[], options: ProcessOptions = {}): Promise<LoomResult> {
  return runNodeScript(bin, args, options);
}

/** Runs a Node.js script as a separate process with colour off, collecting its output and exit code. */
export function runNodeScript(script: string, args: readonly string[] = [], options: ProcessOptions = {}): Promise<LoomResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // A child may stop reading its stdin early (a size cap): that is its answer, not the test's error.
    child.stdin.on('error', () => {});
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
