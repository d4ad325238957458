/**
 * JSON text of values at any depth. JSON.stringify recurses: in Node 20 on a default
 * stack it throws RangeError a little over 4,000 levels deep, and a response can be
 * nested far deeper than that (JSON.parse is iterative and reads any depth). These
 * writers keep an explicit stack instead (DECISIONS D33).
 */

/** DECISIONS D33: values shown or stored (events, reports, explanations) stop this many levels deep. */
export const MAX_SHOWN_DEPTH = 1000;

/** What stands in for an array or object nested deeper than MAX_SHOWN_DEPTH in shown values. */
export const TOO_DEEP_MARKER = `[nested deeper than ${MAX_SHOWN_DEPTH} levels]`;

export interface JsonTextLimits {
  /** Arrays and objects below this many levels are written as the marker string (default: no limit). */
  readonly maxDepth?: number;
  /** Stop writing once the text is at least this long (the text may run past it by one token). */
  readonly maxLength?: number;
}

/**
 * The text JSON.stringify gives for a JSON-like value, at any depth: JSON.stringify
 * itself when the stack allows (the fast path), else the iterative writer.
 * `undefined` where JSON.stringify gives `undefined` (undefined, a function).
 */
export function toJsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) as string | undefined;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return writeJson(value);
  }
}

type Frame = { readonly close: string; readonly items: readonly [key: string | undefined, value: unknown][]; index: number };

/**
 * Writes `value` as JSON text with an explicit stack, as JSON.stringify would for JSON-like
 * data (`toJSON` is honoured; undefined and functions are left out of objects and are `null`
 * in arrays), within `limits`. A cycle is written as the marker rather than followed.
 */
export function writeJson(value: unknown, limits: JsonTextLimits = {}): string | undefined {
  const maxDepth = limits.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxLength = limits.maxLength ?? Number.POSITIVE_INFINITY;
  const root = prepare(value, '');
  if (root === undefined || typeof root === 'function' || typeof root === 'symbol') return undefined;
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const stack: Frame[] = [];
  const open = new Set<object>();
  const openContainers: object[] = [];
  // Writes a value: a scalar at once, a container by pushing a frame.
  const start = (item: unknown): void => {
    if (item === null || typeof item !== 'object') {
      emit(scalarText(item));
      return;
    }
    if (stack.length >= maxDepth || open.has(item)) {
      emit(JSON.stringify(TOO_DEEP_MARKER));
      return;
    }
    open.add(item);
    openContainers.push(item);
    if (Array.isArray(item)) {
      emit('[');
      stack.push({ close: ']', items: item.map((element, index) => [undefined, prepare(element, String(index))]), index: 0 });
    } else {
      emit('{');
      const items: [string, unknown][] = [];
      for (const key of Object.keys(item)) {
        const member = prepare((item as Record<string, unknown>)[key], key);
        if (member !== undefined && typeof member !== 'function' && typeof member !== 'symbol') items.push([key, member]);
      }
      stack.push({ close: '}', items, index: 0 });
    }
  };
  start(root);
  while (stack.length > 0 && length < maxLength) {
    const frame = stack[stack.length - 1]!;
    if (frame.index === frame.items.length) {
      emit(frame.close);
      stack.pop();
      open.delete(openContainers.pop()!);
      continue;
    }
    const [key, item] = frame.items[frame.index]!;
    if (frame.index > 0) emit(',');
    frame.index += 1;
    if (key !== undefined) emit(`${JSON.stringify(key)}:`);
    start(item);
  }
  return parts.join('');
}

/** JSON.stringify's first step for each value: `toJSON`, and boxed primitives unboxed. */
function prepare(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  }
  return value;
}

function scalarText(value: unknown): string {
  // JSON.stringify on a scalar does not recurse; undefined, functions and symbols in an array are null.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  return JSON.stringify(value) as string;
}
