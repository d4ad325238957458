/**
 * A server process a test starts and stops: spawned detached in its own process group so that
 * stopping it also stops what it forked (rabbitmq-server starts an Erlang VM), waited on until
 * `ready` says it answers, bounded by a deadline, and killed on stop or when the test process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Resolves true once the server answers (a TCP connect, a PING...). */
  readonly ready: () => Promise<boolean>;
  /** How long the server may take to become ready. */
  readonly startTimeoutMs?: number;
}

export interface ServerProcess {
  readonly pid: number;
  /** The last lines the server printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 16_384;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  installExitHook();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    running.delete(child);
  });
  const handle: ServerProcess = { pid: child.pid ?? -1, output: () => output, stop: () => stopChild(child) };
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${options.command} ${exited} before it was ready:\n${output}`);
    if (await options.ready().catch(() => false)) return handle;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await handle.stop();
  throw new Error(`${options.command} was not ready within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}
