/**
 * RFC 6901 JSON Pointers, Loom's one module for them: paths are arrays of
 * segments inside, pointer text at the edges (diagnostics, `#/...` in
 * expressions, `$ref`s, payload replacement targets). Reads see own data
 * members only and writes copy what they change; the `jsonpointer` package
 * does neither, which is why this module does not build on it (DECISIONS D64).
 */
import type { JsonPointer } from './ast.js';
import { isRecord } from './is-record.js';

/** One step of a path: an object member name or an array index. */
export type PathSegment = string | number;

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** RFC 6901 §4: an array index is decimal without leading zeros (`01` and `-` name no element). */
export function isArrayIndex(segment: string): boolean {
  return ARRAY_INDEX.test(segment);
}

/** RFC 6901 §3: `~` is written `~0` and `/` is written `~1`. */
export function escapePointerSegment(segment: PathSegment): string {
  const text = String(segment);
  return text.indexOf('~') === -1 && text.indexOf('/') === -1 ? text : text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** RFC 6901 §4: `~1` is `/`, then `~0` is `~`, in that order (`~01` is `~1`). */
export function unescapePointerSegment(segment: string): string {
  return segment.indexOf('~') === -1 ? segment : segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(path: readonly PathSegment[]): string {
  let pointer = '';
  for (const segment of path) pointer += '/' + escapePointerSegment(segment);
  return pointer;
}

/** Splits a pointer (`/paths/~1pets/get`) into unescaped segments; `undefined` when it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** Builds a pointer from text already checked by the expression parser (starts with `/` or is empty, escapes valid). */
export function makePointer(text: string): JsonPointer {
  return { text, tokens: parsePointer(text) ?? [] };
}

/** The pointer made of these (unescaped) reference tokens. */
export function pointerFromTokens(tokens: readonly string[]): JsonPointer {
  return { text: toPointer(tokens), tokens: [...tokens] };
}

/** Reads the value at `path` inside plain JSON data; `undefined` when any segment is missing. */
export function getAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (let index = 0; index < path.length && node !== undefined; index++) node = readSegment(node, path[index] as PathSegment);
  return node;
}

/** One step into JSON data: an own member of an object, an RFC 6901 index of an array, else `undefined`. */
export function readSegment(node: unknown, segment: PathSegment): unknown {
  if (Array.isArray(node)) {
    if (typeof segment === 'number') return Number.isInteger(segment) && segment >= 0 ? node[segment] : undefined;
    return isArrayIndex(segment) ? node[Number(segment)] : undefined;
  }
  return node !== null && typeof node === 'object' ? readOwn(node, String(segment)) : undefined;
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

/** Where `setAtPath` stopped: `path.slice(0, depth)` is the node that could not take the value. */
export type SetAtPathResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly depth: number; readonly reason: string };

/**
 * `data` with `value` set at `path`, copying the containers on the way (copy on write:
 * `data` is not changed). The member is created when its parent exists, `-` appends to an
 * array, `undefined` removes an object member (DECISIONS D14); a missing parent, an index
 * past the end or a scalar on the way is a failure that says where.
 */
export function setAtPath(data: unknown, path: readonly string[], value: unknown): SetAtPathResult {
  return setFrom(data, path, 0, value);
}

function setFrom(node: unknown, path: readonly string[], index: number, value: unknown): SetAtPathResult {
  if (index === path.length) return { ok: true, value };
  const segment = path[index] as string;
  const last = index === path.length - 1;

  if (Array.isArray(node)) {
    if (segment === '-' && last) return { ok: true, value: value === undefined ? node : [...node, value] };
    if (!isArrayIndex(segment)) return { ok: false, depth: index, reason: `'${segment}' is not an array index` };
    const position = Number(segment);
    if (last ? position > node.length : position >= node.length) {
      return { ok: false, depth: index, reason: `index ${position} is past the end of an array of ${node.length}` };
    }
    if (last && value === undefined) return { ok: true, value: node };
    const child = last ? ({ ok: true, value } as const) : setFrom(node[position], path, index + 1, value);
    if (!child.ok) return child;
    const copy = node.slice();
    copy[position] = child.value;
    return { ok: true, value: copy };
  }

  if (isRecord(node) && !ArrayBuffer.isView(node)) {
    const exists = Object.prototype.hasOwnProperty.call(node, segment);
    if (!last && !exists) return { ok: false, depth: index + 1, reason: 'it does not exist' };
    const child = last ? ({ ok: true, value } as const) : setFrom(node[segment], path, index + 1, value);
    if (!child.ok) return child;
    const copy: Record<string, unknown> = { ...node };
    if (child.value === undefined) delete copy[segment];
    // writeOwn, not assignment: a member named `__proto__` is data, not the prototype (DECISIONS D30).
    else writeOwn(copy, segment, child.value);
    return { ok: true, value: copy };
  }

  return { ok: false, depth: index, reason: 'it is not an object or array' };
}
