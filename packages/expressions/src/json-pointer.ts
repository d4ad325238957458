import type { JsonPointer } from './ast.js';

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** RFC 6901: `~1` is `/`, `~0` is `~`, in that order. */
export function unescapeReferenceToken(token: string): string {
  return token.indexOf('~') === -1 ? token : token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function escapeReferenceToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from text already checked by the parser (starts with `/` or is empty, escapes valid). */
export function makePointer(text: string): JsonPointer {
  const tokens = text === '' ? [] : text.slice(1).split('/').map(unescapeReferenceToken);
  return { text, tokens };
}

/** The pointer made of these (unescaped) reference tokens. */
export function pointerFromTokens(tokens: readonly string[]): JsonPointer {
  let text = '';
  for (const token of tokens) text += '/' + escapeReferenceToken(token);
  return { text, tokens: [...tokens] };
}

/** Follows pre-split reference tokens into plain JSON data; `undefined` when any step is missing. */
export function resolvePointer(data: unknown, tokens: readonly string[]): unknown {
  let node = data;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (Array.isArray(node)) {
      // RFC 6901 §4: array tokens are decimal indexes without leading zeros; `-` names no element.
      if (!ARRAY_INDEX.test(token)) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object') {
      node = readOwn(node, token);
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** Own enumerable data only: `constructor`, `__proto__` and friends are never reachable from a document. */
export function readOwn(object: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * Sets `key` as an own data property, whatever the name: a plain assignment of `__proto__`
 * would replace the object's prototype instead, and the name would vanish (DECISIONS D30).
 */
export function writeOwn<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
