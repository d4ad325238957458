import { copyJson, MAX_SHOWN_DEPTH } from '@loom/expressions/internal';
import { createSecretMasker, isSecretHeaderName, secretMemberValues } from '../secrets/secret-policy.js';

/**
 * The secret values of one run (DECISIONS D21): secret inputs, the values of
 * secret headers and cookies as they are sent, and (D32) every value masked once
 * anywhere: secret-named members of request and response bodies, secret response
 * headers. Anything shown to a person or written to a report goes through `mask`.
 */
export interface SecretRegistry {
  add(value: unknown): void;
  /** DECISIONS D32: the values of secret headers (Set-Cookie, an echoed Authorization, ...). */
  addSecretHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): void;
  /** DECISIONS D32: the string values of secret-named members of a (parsed) body, at any depth. */
  addSecretMembers(body: unknown): void;
  /** The text with every secret replaced by `****`. */
  mask(text: string): string;
  /** A copy of a JSON-like value with every secret inside its strings masked, cut off MAX_SHOWN_DEPTH deep (D33). */
  maskValue<T>(value: T): T;
}

const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*\s+(\S+)$/;
const COOKIE_PAIRS = /(?:^|;)\s*[^=;\s]+=([^;]*)/g;
// RFC 6265 §4.1.1: a Set-Cookie value starts with its name=value pair; the attributes after it (Path, Domain, ...) are not secret.
const SET_COOKIE_PAIR = /^\s*[^=;\s]+=([^;]*)/;

export function createSecretRegistry(initial: Iterable<string> = []): SecretRegistry {
  const values = new Set<string>();
  let masker: ((text: string) => string) | undefined;
  const mask = (text: string): string => (masker ??= createSecretMasker(values))(text);
  const add = (value: unknown): void => {
    if (value === undefined || value === null) return;
    const text = typeof value === 'string' ? value : String(value);
    if (values.has(text)) return;
    values.add(text);
    // `Bearer <token>`, `Basic <credentials>`: the credentials are the secret, wherever they show up alone.
    const credentials = AUTH_SCHEME.exec(text)?.[1];
    if (credentials !== undefined) values.add(credentials);
    masker = undefined;
  };
  for (const value of initial) add(value);
  return {
    add,
    addSecretHeaders(headers) {
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined || !isSecretHeaderName(name)) continue;
        for (const item of typeof value === 'string' ? [value] : value) {
          add(item);
          // `Cookie: a=1; sid=…`, `Set-Cookie: sid=…; Path=/`: each cookie value is a secret on its own.
          const lower = name.toLowerCase();
          if (lower === 'cookie') for (const match of item.matchAll(COOKIE_PAIRS)) add(match[1]!.trim());
          else if (lower === 'set-cookie') add(SET_COOKIE_PAIR.exec(item)?.[1]?.trim());
        }
      }
    },
    addSecretMembers(body) {
      if (body === null || typeof body !== 'object') return;
      for (const value of secretMemberValues(body)) add(value);
    },
    mask,
    maskValue: <T>(value: T): T => copyJson(value, { maxDepth: MAX_SHOWN_DEPTH, ...(values.size > 0 ? { mapString: mask } : {}) }),
  };
}
