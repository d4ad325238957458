import { escapeControlCharacters } from './terminal.js';

/** sysexits.h EX_SOFTWARE: an internal software error. */
export const INTERNAL_ERROR_EXIT_CODE = 70;

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

/**
 * A bug in Loom itself: one line on stderr with a code to search for and a hint to report
 * it, never a stack trace or bundled code (the stack only with LOOM_DEBUG set).
 */
export function formatInternalError(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : `a thrown ${typeof error} value`;
  // Only the first line: a message may carry a stack-like tail or text from outside.
  const firstLine = escapeControlCharacters(message.split('\n', 1)[0]!.trim()) || (error instanceof Error ? error.name : 'no message');
  const line = `loom: internal error LOOM_ERR_INTERNAL: ${firstLine}; this is a bug in Loom, please report it (LOOM_DEBUG=1 shows the details)\n`;
  return debug && error instanceof Error && error.stack ? `${line}${error.stack}\n` : line;
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

export function isDebug(env: NodeJS.ProcessEnv): boolean {
  return env.LOOM_DEBUG !== undefined && env.LOOM_DEBUG !== '' && env.LOOM_DEBUG !== '0';
}
