import type { CommandContext, StopSignal } from './command.js';
import { formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './internal-error.js';
import { invocationFolder } from './invocation-folder.js';
import { detectTerminal } from './terminal.js';

/**
 * The one module besides bin.ts that touches `process`: the real process as a command context,
 * and the guards the `loom` process installs before `main` runs.
 */
export function processContext(): CommandContext {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: invocationFolder(process.env, process.cwd()),
    env: process.env,
    terminal: detectTerminal(process.stdout, process.env),
    errorTerminal: detectTerminal(process.stderr, process.env),
    onStopSignal(listener) {
      // `once` per signal: after the first, a second SIGINT or SIGTERM finds no listener of
      // Loom's and Node's default ends the process at once (DECISIONS D40).
      const onSignal = (signal: StopSignal) => listener(signal);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      return () => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      };
    },
  };
}

/**
 * `loom ... | head -1`: once the reader of stdout or stderr has gone, output ends quietly.
 * The command goes on (a run that has started sends every request it would have sent) and
 * exits with its own code; later writes to the closed stream are dropped by Node.
 */
export function endOutputQuietlyWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

/** Exceptions and rejections nothing else caught: reported as an internal error, exit 70 at once. */
export function exitOnUncaughtErrors(stderr: NodeJS.WriteStream, env: NodeJS.ProcessEnv): void {
  let reported = false;
  const report = (error: unknown) => {
    // Once: writing the report to a broken stderr must not start another round.
    if (!reported) {
      reported = true;
      try {
        stderr.write(formatInternalError(error, isDebug(env)));
      } catch {
        // stderr is gone; the exit code still says what happened.
      }
    }
    process.exit(INTERNAL_ERROR_EXIT_CODE);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}
