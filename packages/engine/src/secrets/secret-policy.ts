/**
 * DECISIONS D21: secrets never reach a log, report or trace. Three tools:
 * which headers are secret by name, a header copy with those values masked,
 * and a masker that hides known secret values (secret inputs, tokens) wherever
 * they turn up in text.
 */

import { copyJson, forEachScalarMember, isRecord, quoteString, toJsonText, writeOwn } from '@loom/expressions/internal';
import { percentEncodedForms } from '../request/percent-encoding.js';

export const MASK = '****';

const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SECRET_NAME_PARTS = ['api-key', 'apikey', 'token', 'secret'];

/**
 * Authorization, Proxy-Authorization, Cookie, Set-Cookie, and any name that
 * contains `api-key`, `apikey`, `token` or `secret`, ignoring case. `_` counts
 * as `-`, so `X_API_KEY` is caught along with `X-Api-Key`.
 */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase().replace(/_/g, '-');
  if (SECRET_HEADER_NAMES.has(lower)) return true;
  return SECRET_NAME_PARTS.some((part) => lower.includes(part));
}

/** A copy of `headers` with the values of secret headers replaced by `****` (each element of an array). */
export function maskHeaders<V extends string | readonly string[] | undefined>(
  headers: Readonly<Record<string, V>>,
): Record<string, V | string | string[]> {
  const masked: Record<string, V | string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name] as V;
    writeOwn(masked, name, value === undefined || !isSecretHeaderName(name) ? value : typeof value === 'string' ? MASK : (value as readonly string[]).map(() => MASK));
  }
  return masked;
}

/**
 * Values shorter than this are not masked: hiding every `a` or `42` would
 * garble the whole output while protecting nothing (a secret that short is
 * guessable anyway), and the pattern of masks would give it away.
 */
export const MIN_SECRET_LENGTH = 4;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * A function that replaces every occurrence of each secret in a text with
 * `****`. Each secret is also matched in every form Loom writes it in on the way
 * out (wireForms). Longer forms are matched first, so a secret containing another
 * is masked whole. Values shorter than MIN_SECRET_LENGTH are ignored.
 */
export function createSecretMasker(secretValues: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secretValues) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of wireForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(REGEX_SPECIAL, '\\$&'));
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/**
 * The secret as it is, and as each encoder Loom sends it through writes it: the URL and
 * form encoders (percent-encoding.ts gives their forms), JSON string escaping (JSON bodies,
 * `content` parameters), and XML escaping as xmldom writes text and attributes (XML payload
 * replacements, DECISIONS D19), and quoted as criterion explanations quote strings. Base64 (Basic auth) is covered where the header is made:
 * the registry takes the credentials of an `Authorization` value.
 */
function wireForms(secret: string): string[] {
  return [
    secret,
    ...percentEncodedForms(secret),
    JSON.stringify(secret).slice(1, -1),
    quoteString(secret).slice(1, -1),
    secret.replace(/[&<>]/g, (character) => XML_ENTITIES[character]!),
    secret.replace(/[&<>"\t\r\n]/g, (character) => XML_ENTITIES[character]!),
  ];
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\r': '&#13;', '\n': '&#10;' };

/**
 * Names of the workflow inputs whose schema marks them secret: `format:
 * password` or `writeOnly: true` (DECISIONS D21), looking at the top-level
 * `properties` of the inputs schema.
 */
export function secretInputNames(inputsSchema: unknown): string[] {
  const properties = propertiesOf(inputsSchema);
  return Object.keys(properties).filter((name) => isSecretSchema(properties[name]));
}

/**
 * Every string value in `inputs` that a secret schema covers, at any depth
 * (nested `properties` and array `items`), ready for createSecretMasker.
 * Numbers and booleans marked secret are included as their text.
 */
export function secretInputValues(inputsSchema: unknown, inputs: unknown): string[] {
  const values: string[] = [];
  // An explicit stack: inputs may be nested deeper than the call stack allows (DECISIONS D33).
  const work: [schema: unknown, value: unknown, secret: boolean][] = [[inputsSchema, inputs, false]];
  while (work.length > 0) {
    const [schema, value, secret] = work.pop()!;
    if (value === undefined || value === null) continue;
    const isSecret = secret || isSecretSchema(schema);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (isSecret) values.push(String(value));
    } else if (Array.isArray(value)) {
      const items = isRecord(schema) ? schema['items'] : undefined;
      // Pushed last to first, so values come out in document order.
      for (let index = value.length - 1; index >= 0; index--) work.push([items, value[index], isSecret]);
    } else if (isRecord(value)) {
      const properties = propertiesOf(schema);
      for (const key of Object.keys(value).reverse()) work.push([properties[key], value[key], isSecret]);
    }
  }
  return values;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return {};
  const properties = schema['properties'];
  return isRecord(properties) ? properties : {};
}

function isSecretSchema(schema: unknown): boolean {
  return isRecord(schema) && (schema['format'] === 'password' || schema['writeOnly'] === true);
}

/** Member names whose values are secret wherever they appear in a JSON body: the header rule (D21), plus passwords. */
export function isSecretMemberName(name: string): boolean {
  return isSecretHeaderName(name) || name.toLowerCase().includes('password');
}

/**
 * A copy of a JSON value with the values of secret-named members replaced by `****`
 * at any depth: a token that arrives in a login response body is masked in the trace
 * before any later request shows that it is a secret.
 */
export function maskSecretMembers<T>(value: T): T {
  return copyJson(value, { mapMember: maskMember });
}

export function maskMember(name: string, value: unknown): unknown {
  return value !== null && isSecretMemberName(name) ? MASK : value;
}

/**
 * DECISIONS D32: the string values of secret-named members, at any depth; masking hides
 * them there, so they join the run's secrets and are hidden wherever else they show.
 */
export function secretMemberValues(value: unknown): string[] {
  const values: string[] = [];
  forEachScalarMember(value, (name, member) => {
    if (typeof member === 'string' && isSecretMemberName(name)) values.push(member);
  });
  return values;
}

/** A request body is text on the wire; when it is JSON, its secret-named members are masked too. */
export function maskJsonText(text: string): string {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  try {
    return toJsonText(maskSecretMembers(JSON.parse(text))) ?? text;
  } catch {
    return text;
  }
}
