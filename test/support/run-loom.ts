import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// The bundled CLI (packages/cli/scripts/bundle.mjs), what the `loom` bin runs.
export const bin = fileURLToPath(new URL('../../packages/cli/dist/bundle/loom.mjs', import.meta.url));

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

/** A started child process and, once it has exited and its pipes are closed, its exit code (or signal) and output. */
export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly done: Promise<LoomResult & { readonly signal: NodeJS.Signals | null }>;
}

/** Starts a Node.js script with colour off, collecting its output; the caller writes or closes its stdin. */
export function startNodeScript(script: string, args: readonly string[] = [], options: Omit<ProcessOptions, 'stdin'> = {}): StartedProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A child may stop reading its stdin early (a size cap): that is its answer, not the test's error.
  child.stdin.on('error', () => {});
  const done = new Promise<LoomResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Starts the built, bundled `loom` command; the caller may write its stdin, close its pipes or signal it. */
export function startLoom(args: readonly string[], options: Omit<ProcessOptions, 'stdin'> = {}): StartedProcess {
  return startNodeScript(bin, args, options);
}

/** Runs a Node.js script as a separate process with colour off, collecting its output and exit code. */
export async function runNodeScript(script: string, args: readonly string[] = [], options: ProcessOptions = {}): Promise<LoomResult> {
  const started = startNodeScript(script, args, options);
  started.child.stdin.end(options.stdin ?? '');
  const { code, stdout, stderr } = await started.done;
  return { code, stdout, stderr };
}
