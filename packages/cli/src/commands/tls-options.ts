import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoomError, type ClientCertificate, type TlsOptions } from '@loom/engine';
import { hostPatternProblem, readResource } from '@loom/engine/internal';
import type { CommandContext, CommandOptions } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * `--client-cert <host>=<cert>,<key>[,<passphrase-env>]` and `--ca <bundle>` (DECISIONS D79, D80):
 * the TLS settings of a command that sends requests or reads documents over https. The passphrase
 * is read from the named environment variable, so it is never on the command line, and no message shows it.
 */
export const tlsCommandOptions = {
  'client-cert': { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
} as const satisfies CommandOptions;

/** The help lines for tlsCommandOptions, descriptions from column `width + 2`. */
export function tlsHelp(width: number): string {
  const pad = ' '.repeat(width + 2);
  return [
    `  ${'--client-cert <host>=<cert>,<key>[,<passphrase-env>]'}`,
    `${pad}Present this client certificate (PEM files) to <host> (host, host:port or`,
    `${pad}*.domain; the most specific match wins); the key's passphrase is read from the`,
    `${pad}environment variable <passphrase-env> (repeatable)`,
    `  ${'--ca <bundle>'.padEnd(width)}Also trust the certificate authorities in this PEM file (repeatable)`,
  ].join('\n');
}

/** The engine's TlsOptions the flags stand for, files read; undefined when neither flag is given. */
export async function readTlsOptions(
  command: string,
  values: { readonly 'client-cert'?: readonly string[]; readonly ca?: readonly string[] },
  context: Pick<CommandContext, 'cwd' | 'env'>,
): Promise<TlsOptions | undefined> {
  const entries = values['client-cert'] ?? [];
  const bundles = values.ca ?? [];
  if (entries.length === 0 && bundles.length === 0) return undefined;
  const clientCertificates: ClientCertificate[] = [];
  for (const entry of entries) clientCertificates.push(await readClientCertificate(command, entry, context));
  const ca: string[] = [];
  for (const file of bundles) ca.push(await readPem(`${command}: --ca`, file, context.cwd));
  return { ...(clientCertificates.length > 0 ? { clientCertificates } : {}), ...(ca.length > 0 ? { ca } : {}) };
}

async function readClientCertificate(command: string, entry: string, context: Pick<CommandContext, 'cwd' | 'env'>): Promise<ClientCertificate> {
  const equals = entry.indexOf('=');
  const parts = equals > 0 ? entry.slice(equals + 1).split(',') : [];
  if (equals <= 0 || parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new UsageError(`${command}: --client-cert expects <host>=<cert>,<key>[,<passphrase-env>], got '${entry}'`);
  }
  const host = entry.slice(0, equals);
  const problem = hostPatternProblem(host);
  if (problem !== undefined) throw new UsageError(`${command}: --client-cert: ${problem}`);
  const [certFile, keyFile, passphraseVariable] = parts as [string, string, string | undefined];
  const flag = `${command}: --client-cert ${host}`;
  let passphrase: string | undefined;
  if (passphraseVariable !== undefined) {
    passphrase = context.env[passphraseVariable];
    if (passphrase === undefined) throw new UsageError(`${flag}: the environment variable ${passphraseVariable} (the key's passphrase) is not set`);
  }
  return {
    host,
    cert: await readPem(flag, certFile, context.cwd),
    key: await readPem(flag, keyFile, context.cwd),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
}

async function readPem(flag: string, file: string, cwd: string): Promise<string> {
  let text: string;
  try {
    // The engine's reader: a regular file only, size-capped (DECISIONS D25).
    text = (await readResource(pathToFileURL(resolve(cwd, file)).href)).text;
  } catch (error) {
    throw new UsageError(`${flag}: ${isLoomError(error) ? error.message : `cannot read ${file}`}`);
  }
  if (!text.includes('-----BEGIN ')) throw new UsageError(`${flag}: ${file} is not a PEM file`);
  return text;
}
