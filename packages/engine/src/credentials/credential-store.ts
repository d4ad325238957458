import { isRecord, readOwn } from '@loom/expressions/internal';
import { CREDENTIAL_FIELDS, type CredentialEntry, type CredentialField, type Credentials } from './types.js';

/** Where an entry was found, for `loom env` (never the value). */
export type CredentialOrigin = 'option' | 'environment';

/** One run's view of its credentials: the `credentials` option first, then the environment (DECISIONS D75). */
export interface CredentialStore {
  lookup(source: string, scheme: string): { readonly entry: CredentialEntry; readonly origin: CredentialOrigin } | undefined;
}

/**
 * DECISIONS D75: `LOOM_<SOURCE>_<SCHEME>_<FIELD>`, the source and scheme names upper-cased with
 * every character other than A-Z and 0-9 written as `_`.
 */
export function credentialVariableName(source: string, scheme: string, field: CredentialField): string {
  const suffix = CREDENTIAL_FIELDS.find(([name]) => name === field)![1];
  return `LOOM_${normalizeName(source)}_${normalizeName(scheme)}_${suffix}`;
}

function normalizeName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The first place that has an entry for the source and scheme gives the whole entry (D75): the
 * `credentials` option (embedding API, or `--credentials <file>`), then the environment.
 */
export function createCredentialStore(credentials: Credentials | undefined, environment: Readonly<Record<string, string | undefined>> | undefined): CredentialStore {
  return {
    lookup(source, scheme) {
      const given = credentials === undefined ? undefined : readOwn(credentials, source);
      const entry = isRecord(given) ? readOwn(given, scheme) : undefined;
      if (isRecord(entry)) return { entry: stringFields(entry), origin: 'option' };
      if (environment === undefined) return undefined;
      const fromEnvironment: Partial<Record<CredentialField, string>> = {};
      let found = false;
      for (const [field] of CREDENTIAL_FIELDS) {
        const value = readOwn(environment, credentialVariableName(source, scheme, field));
        if (typeof value === 'string' && value !== '') {
          fromEnvironment[field] = value;
          found = true;
        }
      }
      return found ? { entry: fromEnvironment, origin: 'environment' } : undefined;
    },
  };
}

/** Only the known fields, as strings (a number in a YAML file is still a key). */
function stringFields(entry: Readonly<Record<string, unknown>>): CredentialEntry {
  const fields: Partial<Record<CredentialField, string>> = {};
  for (const [field] of CREDENTIAL_FIELDS) {
    const value = readOwn(entry, field);
    if (typeof value === 'string' || typeof value === 'number') fields[field] = String(value);
  }
  return fields;
}
