import { parseEnv } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoomError, parseText, type Credentials } from '@loom/engine';
import { readResource } from '@loom/engine/internal';
import { isRecord, writeOwn } from '@loom/expressions/internal';
import { parseAssignments } from './arguments.js';
import type { CommandContext, CommandOptions } from './command.js';
import { parseInputText } from './input-assignments.js';
import { UsageError } from './usage-error.js';

/**
 * Credentials and inputs from outside the command line (issue 14): `--credentials <file>`,
 * `--env-file <file>` and `--input-env <name>=<VAR>`, for `loom run`, `loom env` and `loom mcp`.
 * DECISIONS D75 (credentials), D78 (inputs from the environment).
 */
export const credentialOptions = {
  credentials: { type: 'string' },
  'env-file': { type: 'string', multiple: true },
  'input-env': { type: 'string', multiple: true },
} as const satisfies CommandOptions;

/** The help lines for credentialOptions, descriptions at column `width + 2`. */
export function credentialHelp(width: number): string {
  return [
    ['--credentials <file>', 'Credentials for the OpenAPI security schemes, JSON or YAML:'],
    ['', '{ <source>: { <scheme>: { token | username, password | apiKey |'],
    ['', 'clientId, clientSecret } } }; wins over LOOM_<SOURCE>_<SCHEME>_* variables'],
    ['--env-file <file>', 'Read environment variables from a dotenv file (repeatable; the real'],
    ['', 'environment wins) for --input-env and LOOM_* credential variables'],
    ['--input-env <name>=<VAR>', 'Input <name> from environment variable <VAR>, read as --input reads'],
    ['', 'its value (repeatable; --input wins)'],
  ]
    .map(([flag, text]) => `  ${flag!.padEnd(width)}${text}`.trimEnd())
    .join('\n');
}

export interface CredentialSettings {
  /** From `--credentials`; absent without it. */
  readonly credentials?: Credentials;
  /** The process environment over the `--env-file` variables (D78): where credential variables and `--input-env` are read. */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

type CredentialValues = { readonly credentials?: string; readonly 'env-file'?: readonly string[] };

/** Reads `--credentials` and `--env-file` (usage errors name `command`). */
export async function readCredentialOptions(values: CredentialValues, context: CommandContext, command: string): Promise<CredentialSettings> {
  const fromFiles: Record<string, string> = {};
  for (const file of values['env-file'] ?? []) {
    const text = await readOptionFile(file, context, `${command}: --env-file`);
    let parsed: Record<string, string>;
    try {
      // Node's own dotenv reader (node:util parseEnv, Node >= 20.12): the syntax of `node --env-file`.
      parsed = parseEnv(text) as Record<string, string>;
    } catch (error) {
      throw new UsageError(`${command}: --env-file ${file}: ${(error as Error).message}`);
    }
    for (const [name, value] of Object.entries(parsed)) writeOwn(fromFiles, name, value);
  }
  const environment: Record<string, string | undefined> = { ...fromFiles };
  // DECISIONS D78: a variable set in the environment wins over the file, as with `node --env-file` and dotenv.
  for (const [name, value] of Object.entries(context.env)) if (value !== undefined) writeOwn(environment, name, value);
  if (values.credentials === undefined) return { environment };
  const text = await readOptionFile(values.credentials, context, `${command}: --credentials`);
  return { credentials: checkCredentials(text, values.credentials, command), environment };
}

/**
 * `--input-env name=VAR`: each input from its variable, read as `--input` reads a value (D57).
 * A variable that is not set is a usage error: the run would otherwise go without the input.
 */
export function readInputEnvironment(assignments: readonly string[] | undefined, environment: CredentialSettings['environment'], inputsSchema: unknown, command: string): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(parseAssignments('input-env', assignments))) {
    const value = Object.prototype.hasOwnProperty.call(environment, variable) ? environment[variable] : undefined;
    if (value === undefined) throw new UsageError(`${command}: --input-env ${name}=${variable}: the environment variable ${variable} is not set`);
    writeOwn(inputs, name, parseInputText(name, value, inputsSchema));
  }
  return inputs;
}

const ENTRY_FIELDS = new Set(['apiKey', 'username', 'password', 'token', 'clientId', 'clientSecret']);

/** `{ source: { scheme: { field: string } } }`; anything else is a usage error that says where, never which value. */
function checkCredentials(text: string, file: string, command: string): Credentials {
  const parsed = parseText(text, pathToFileURL(file).href);
  const syntax = parsed.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  const where = `${command}: --credentials ${file}`;
  if (syntax !== undefined) throw new UsageError(`${where} is not valid JSON or YAML (line ${syntax.range?.start.line ?? 1})`);
  if (!isRecord(parsed.data)) throw new UsageError(`${where} must hold an object: { <source>: { <scheme>: { ... } } }`);
  for (const [source, schemes] of Object.entries(parsed.data)) {
    if (!isRecord(schemes)) throw new UsageError(`${where}: ${source} must be an object of security schemes`);
    for (const [scheme, entry] of Object.entries(schemes)) {
      if (!isRecord(entry)) throw new UsageError(`${where}: ${source}.${scheme} must be an object`);
      for (const [field, value] of Object.entries(entry)) {
        if (!ENTRY_FIELDS.has(field)) throw new UsageError(`${where}: ${source}.${scheme}.${field} is not a credential field (${[...ENTRY_FIELDS].join(', ')})`);
        if (typeof value !== 'string' && typeof value !== 'number') throw new UsageError(`${where}: ${source}.${scheme}.${field} must be a string`);
      }
    }
  }
  return parsed.data as Credentials;
}

async function readOptionFile(file: string, context: CommandContext, what: string): Promise<string> {
  try {
    // The engine's reader: a regular file only, under the document size cap (DECISIONS D25).
    return (await readResource(pathToFileURL(resolve(context.cwd, file)).href)).text;
  } catch (error) {
    if (isLoomError(error)) throw new UsageError(`${what}: ${error.message}`);
    throw new UsageError(`${what}: cannot read ${file}: ${(error as Error).message}`);
  }
}
