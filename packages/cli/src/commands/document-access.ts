import type { LoadOptions } from '@loom/engine';
import { allowHostProblem } from '@loom/engine/internal';
import type { CommandOptions } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * `--offline` and `--allow-host`: where every command that loads documents may read them from
 * (DECISIONS D25, D36). `--timeout` is declared by each command, as its meaning differs (run: per request).
 */
export const documentAccessOptions = {
  offline: { type: 'boolean', default: false },
  'allow-host': { type: 'string', multiple: true },
} as const satisfies CommandOptions;

/** The help lines for documentAccessOptions, with the descriptions starting at column `width + 2`. */
export function documentAccessHelp(width: number): string {
  return [
    ['--offline', 'Read no document over the network (a remote document or source is an error)'],
    ['--allow-host <host>', 'Read remote documents only from <host> (a host, any port, or host:port; repeatable)'],
  ]
    .map(([flag, text]) => `  ${flag!.padEnd(width)}${text}`)
    .join('\n');
}

/** The LoadOptions the two flags stand for. */
export function documentAccess(command: string, values: { readonly offline?: boolean; readonly 'allow-host'?: readonly string[] }): Pick<LoadOptions, 'offline' | 'allowHosts'> {
  const allowHosts = values['allow-host'];
  for (const entry of allowHosts ?? []) {
    const problem = allowHostProblem(entry);
    if (problem !== undefined) throw new UsageError(`${command}: --allow-host: ${problem}`);
  }
  return { ...(values.offline ? { offline: true } : {}), ...(allowHosts !== undefined ? { allowHosts } : {}) };
}

/** `--timeout <ms>` of validate and lint: how long reading one document over http(s) may take. */
export function documentTimeout(command: string, text: string | undefined): Pick<LoadOptions, 'timeoutMs'> {
  if (text === undefined) return {};
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${command}: --timeout must be a positive whole number of milliseconds, got '${text}'`);
  return { timeoutMs: value };
}

/**
 * `--document <file>` of validate, lint and run (DECISIONS D108): documents provided to be found by their `$self`, so a
 * source `url` equal to one's `$self` is read from that file instead of fetched (air-gapped and offline setups).
 */
export const providedDocumentsOptions = {
  document: { type: 'string', multiple: true },
} as const satisfies CommandOptions;

/** The help line for providedDocumentsOptions, with the description starting at column `width + 2`. */
export function providedDocumentsHelp(width: number): string {
  return `  ${'--document <file>'.padEnd(width)}A document a source url may name by its $self: read from <file>, not fetched (repeatable)`;
}

/** The LoadOptions `--document` stands for. */
export function providedDocuments(values: { readonly document?: readonly string[] }): Pick<LoadOptions, 'documents'> {
  return values.document !== undefined && values.document.length > 0 ? { documents: values.document } : {};
}
