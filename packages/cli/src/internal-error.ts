import { escapeControlCharacters } from './terminal.js';

/** sysexits.h EX_SOFTWARE: an internal software error. */
export const INTERNAL_ERROR_EXIT_CODE = 70;

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

export function isDebug(env: NodeJS.ProcessEnv): boolean {
  return env.LOOM_DEBUG !== undefined && env.LOOM_DEBUG !== '' && env.LOOM_DEBUG !== '0';
}
