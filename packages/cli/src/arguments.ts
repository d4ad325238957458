import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeOwn } from '@loom/expressions/internal';
import { UsageError } from './usage-error.js';

export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;
export type ParsedCommandLine<T extends CommandLineOptions> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>;

/** node:util parseArgs, with its errors turned into UsageErrors (exit 2) that name the command. */
export function parseCommandLine<T extends CommandLineOptions>(command: string, argv: readonly string[], options: T): ParsedCommandLine<T> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
}

/** Parses repeated `name=value` options (`--source petStore=./pets.yaml`). */
export function parseAssignments(flag: string, values: readonly string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const equals = value.indexOf('=');
    if (equals <= 0) throw new UsageError(`--${flag} expects <name>=<value>, got '${value}'`);
    // `--server __proto__=...` names a source like any other (DECISIONS D30).
    writeOwn(result, value.slice(0, equals), value.slice(equals + 1));
  }
  return result;
}
