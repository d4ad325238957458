import type { Readable } from 'node:stream';
import type { Terminal } from './terminal.js';

/** The signals that stop a run (DECISIONS D40). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * Everything of the process a command may reach: its streams, environment, working folder and
 * signals, passed in so that commands never touch `process` (process-context.ts builds the real
 * one, bin.ts hands it to `main`) and tests run a command in process with a fake one.
 */
export interface CommandContext {
  /** Read only for an argument `-` (a document, `--inputs -`). */
  readonly stdin: Readable;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Capabilities of stdout. */
  readonly terminal: Terminal;
  /** Capabilities of stderr (progress and logs go there). */
  readonly errorTerminal: Terminal;
  /**
   * Calls `listener` on the first SIGINT or SIGTERM; returns a function that stops listening.
   * Only the first signal is delivered: DECISIONS D40, a second one ends loom at once.
   */
  onStopSignal(listener: (signal: StopSignal) => void): () => void;
}

/** A command's options, in node:util parseArgs form; exported by each command for help and shell completion. */
export type CommandOptions = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean; readonly default?: string | boolean }>>;
