import type { Terminal } from './terminal.js';

/** What a command may touch: its streams and working directory, passed in so commands stay testable. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Capabilities of stdout. */
  readonly terminal: Terminal;
  /** Capabilities of stderr (progress and logs go there). */
  readonly errorTerminal: Terminal;
}

/** A command's options, in node:util parseArgs form; exported by each command for help and shell completion. */
export type CommandOptions = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean; readonly default?: string | boolean }>>;
