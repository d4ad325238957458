/**
 * The `loom` command line run in this process: `main(argv, context)` with a fake context that
 * captures stdout and stderr, feeds stdin from a string and delivers signals on demand. Most CLI
 * behaviour is tested this way (no process to start, the sources rather than the bundle); the
 * tests that are about the process itself (the bundle, argv of the real binary, exit codes set by
 * Node, real signals, a stdin pipe) use run-loom.ts.
 */
import { Readable, Writable } from 'node:stream';
import type { CommandContext, StopSignal } from '../../packages/cli/src/command.js';
import { invocationFolder } from '../../packages/cli/src/invocation-folder.js';
import { main } from '../../packages/cli/src/main.js';
import { detectTerminal } from '../../packages/cli/src/terminal.js';
import { repoRoot, type LoomResult, type ProcessOptions } from './run-loom.js';

export interface FakeContextOptions extends ProcessOptions {
  /** Whether stdout and stderr are terminals (default false, as in a pipe). */
  readonly isTTY?: boolean;
}

export interface FakeContext extends CommandContext {
  /** Everything written to stdout so far, as UTF-8. */
  stdoutText(): string;
  stderrText(): string;
  /**
   * Sends `signal` as the process would: each listener hears SIGINT once and SIGTERM once
   * (process-context.ts subscribes with `once`). Returns false when no listener was left,
   * where the real process would have been ended by Node's default handler.
   */
  sendSignal(signal: StopSignal): boolean;
  /** How many subscriptions are still listening (a command must unsubscribe when done). */
  listeningCount(): number;
}

/** A fake context seen as the `loom` process would see it with the same options as runLoom (colour off unless asked for). */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env };
  const stdout = collector();
  const stderr = collector();
  const tty = { isTTY: options.isTTY ?? false };
  const subscriptions = new Set<{ listener: (signal: StopSignal) => void; pending: Set<StopSignal> }>();
  return {
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    cwd: invocationFolder(env, options.cwd ?? repoRoot),
    env,
    terminal: detectTerminal(tty, env),
    errorTerminal: detectTerminal(tty, env),
    onStopSignal(listener) {
      const subscription = { listener, pending: new Set<StopSignal>(['SIGINT', 'SIGTERM']) };
      subscriptions.add(subscription);
      return () => subscriptions.delete(subscription);
    },
    stdoutText: stdout.text,
    stderrText: stderr.text,
    sendSignal(signal) {
      let heard = false;
      for (const subscription of [...subscriptions]) {
        if (!subscription.pending.delete(signal)) continue;
        heard = true;
        subscription.listener(signal);
      }
      return heard;
    },
    listeningCount: () => [...subscriptions].filter((subscription) => subscription.pending.size > 0).length,
  };
}

/** Runs `loom <args>` in this process through `main`, as runLoom runs the bundle; the same result shape. */
export async function runLoomInProcess(args: readonly string[], options: FakeContextOptions = {}): Promise<LoomResult> {
  const context = fakeContext(options);
  const code = await main(args, context);
  return { code, stdout: context.stdoutText(), stderr: context.stderrText() };
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
