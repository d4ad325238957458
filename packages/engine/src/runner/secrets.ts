import { writeOwn } from '@loom/expressions';
import { createSecretMasker } from '../events/mask.js';

/**
 * The secret values of one run (DECISIONS D21): secret inputs, and the values of
 * secret headers and cookies as they are sent. Anything shown to a person or
 * written to a report goes through `mask`.
 */
export interface SecretRegistry {
  add(value: unknown): void;
  /** The text with every secret replaced by `****`. */
  mask(text: string): string;
  /** A copy of a JSON-like value with every secret inside its strings masked. */
  maskValue<T>(value: T): T;
}

const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*\s+(\S+)$/;

export function createSecretRegistry(initial: Iterable<string> = []): SecretRegistry {
  const values = new Set<string>(initial);
  let masker: ((text: string) => string) | undefined;
  const mask = (text: string): string => (masker ??= createSecretMasker(values))(text);
  const maskValue = (value: unknown): unknown => {
    if (values.size === 0) return value;
    if (typeof value === 'string') return mask(value);
    if (Array.isArray(value)) return value.map(maskValue);
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) writeOwn(copy, key, maskValue(item));
      return copy;
    }
    return value;
  };
  return {
    add(value) {
      if (value === undefined || value === null) return;
      const text = typeof value === 'string' ? value : String(value);
      if (values.has(text)) return;
      values.add(text);
      // `Bearer <token>`, `Basic <credentials>`: the credentials are the secret, wherever they show up alone.
      const credentials = AUTH_SCHEME.exec(text)?.[1];
      if (credentials !== undefined) values.add(credentials);
      masker = undefined;
    },
    mask,
    maskValue: maskValue as <T>(value: T) => T,
  };
}
