/** RFC 6901 JSON Pointer helpers: Loom's paths are arrays of segments inside, pointers at the edges. */
export type PathSegment = string | number;

export function escapePointerSegment(segment: PathSegment): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
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

/** Reads the value at `path` inside plain JSON data; `undefined` when any segment is missing. */
export function getAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node)) {
      const index = typeof segment === 'number' ? segment : /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : NaN;
      node = node[index];
    } else if (node !== null && typeof node === 'object') {
      node = Object.prototype.hasOwnProperty.call(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}
