/**
 * Copies and walks of JSON-like data (parsed response bodies, outputs) with an explicit
 * stack, so that no depth of nesting can overflow the call stack (DECISIONS D33).
 */
import { TOO_DEEP_MARKER } from './json-text.js';

export interface JsonCopyOptions {
  /** Arrays and objects deeper than this are replaced by TOO_DEEP_MARKER (default: no limit). */
  readonly maxDepth?: number;
  /** Applied to every string (member values and array elements; not member names). */
  readonly mapString?: (text: string) => string;
  /**
   * Called for each object member holding a scalar (string, number, boolean, null); what it
   * returns replaces the value. Returning the value keeps it.
   */
  readonly mapMember?: (name: string, value: unknown) => unknown;
}

type Slot = [target: Record<string, unknown> | unknown[], key: string | number, value: unknown, depth: number];

/**
 * A copy of a JSON-like value with `options` applied. Arrays and plain objects are copied
 * (member order kept); `Uint8Array` and other values are kept as they are. A value that
 * contains itself is cut there with the marker.
 */
export function copyJson<T>(value: T, options: JsonCopyOptions = {}): T {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const holder: unknown[] = [undefined];
  const work: Slot[] = [[holder, 0, value, 0]];
  // The containers on the path to the slot being filled: work is depth-first, so when a slot
  // at depth d comes off the stack, path[0..d-1] are exactly its ancestors.
  const path: object[] = [];
  const onPath = new Set<object>();
  while (work.length > 0) {
    const [target, key, item, depth] = work.pop()!;
    while (path.length > depth) onPath.delete(path.pop()!);
    let copy: unknown;
    if (typeof item === 'string') copy = options.mapString ? options.mapString(item) : item;
    else if (item === null || typeof item !== 'object' || item instanceof Uint8Array) copy = item;
    // A value shared by two members is copied twice; one that contains itself is cut.
    else if (depth >= maxDepth || onPath.has(item)) copy = TOO_DEEP_MARKER;
    else if (Array.isArray(item)) {
      path.push(item);
      onPath.add(item);
      const array = new Array<unknown>(item.length);
      for (let index = item.length - 1; index >= 0; index--) work.push([array, index, item[index], depth + 1]);
      copy = array;
    } else {
      path.push(item);
      onPath.add(item);
      const object: Record<string, unknown> = {};
      const names = Object.keys(item);
      // Members are created in order now and filled as the stack unwinds, so the copy keeps their order.
      for (const name of names) setMember(object, name, undefined);
      for (let index = names.length - 1; index >= 0; index--) {
        const name = names[index]!;
        const member = (item as Record<string, unknown>)[name];
        if (options.mapMember && (member === null || typeof member !== 'object')) {
          const mapped = options.mapMember(name, member);
          if (mapped !== member) {
            setMember(object, name, mapped);
            continue;
          }
        }
        work.push([object, name, member, depth + 1]);
      }
      copy = object;
    }
    if (Array.isArray(target)) target[key as number] = copy;
    else setMember(target, key as string, copy);
  }
  return holder[0] as T;
}

/** Calls `visit` for every object member holding a scalar, at any depth. */
export function forEachScalarMember(value: unknown, visit: (name: string, value: unknown) => void): void {
  const work: unknown[] = [value];
  const seen = new Set<object>();
  while (work.length > 0) {
    const item = work.pop();
    if (item === null || typeof item !== 'object' || item instanceof Uint8Array || seen.has(item)) continue;
    seen.add(item);
    if (Array.isArray(item)) {
      for (const element of item) work.push(element);
      continue;
    }
    for (const [name, member] of Object.entries(item)) {
      if (member === null || typeof member !== 'object') visit(name, member);
      else work.push(member);
    }
  }
}

/** `__proto__` from JSON.parse is an ordinary member; plain assignment would set the prototype instead. */
function setMember(object: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
  else object[name] = value;
}
