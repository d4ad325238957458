import { CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';
import { readPlainDataFast } from './read-plain-fast.js';

/**
 * Reads a YAML or JSON text to plain data without any position (DECISIONS D55), or says that
 * the text needs yaml's full reading. yaml builds a syntax tree with positions for every node
 * (2 s for a 3 MB document); a document with nothing to report never needs one. js-yaml's
 * event parser reads the same text several times faster; this reader takes its data only where
 * both libraries read the text alike, and gives up (`undefined`) wherever yaml could report
 * something or build other data, so that parse-text.ts reads it the full way:
 * - anything js-yaml rejects: a syntax error, a duplicate key, more than one document;
 * - aliases (yaml expands them under a count limit), tags and directives (yaml warns or switches schema);
 * - a mapping key that is a collection, or null (yaml writes `null:` as the key '', js-yaml as 'null');
 * - nesting past MAX_NESTING_DEPTH (DECISIONS D38).
 * Scalars resolve by the YAML 1.2 core schema in both.
 */
export function readPlainData(text: string): { readonly data: unknown } | undefined {
  return readPlainDataFast(text) ?? readPlainDataByEvents(text);
}

/** js-yaml 5's events, checked one by one: the exact test, for what readPlainDataFast leaves. */
export function readPlainDataByEvents(text: string): { readonly data: unknown } | undefined {
  let events: Event[];
  try {
    // A little over the limit, so that a deeper text stops js-yaml early and is measured here.
    events = parseEvents(text, { maxDepth: MAX_NESTING_DEPTH + 1 });
  } catch {
    return undefined;
  }
  return constructAlike(events, text);
}

/** Marks a mapping that waits for its next key. */
const NO_KEY = Symbol('no key');

/**
 * Builds the data of the events in one pass, as js-yaml's constructFromEvents does with the core
 * schema and no tag, anchor or alias, and checks on the way that yaml would read them alike
 * with no warning (one pass instead of a check and a construction: a 3 MB text has a million events).
 */
function constructAlike(events: readonly Event[], text: string): { readonly data: unknown } | undefined {
  // The open collections, innermost last; the document itself is the first, with `null` as its container.
  const containers: (Record<string, unknown> | unknown[] | null)[] = [];
  // A mapping's key waiting for its value (NO_KEY while it waits for a key); unused for the others.
  const keys: (string | typeof NO_KEY)[] = [];
  let documents = 0;
  let data: unknown;
  let value: unknown;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return undefined;
        containers.push(null);
        keys.push(NO_KEY);
        continue;
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP: {
        const closed = containers.pop();
        keys.pop();
        if (closed === null) {
          data = value;
          continue;
        }
        value = closed;
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.tagStart !== -1 || event.anchorStart !== -1) return undefined;
        const source = getScalarValue(text, event);
        const plain = event.style === SCALAR_STYLE.PLAIN;
        const parent = containers[containers.length - 1];
        if (parent !== null && parent !== undefined && !Array.isArray(parent) && keys[keys.length - 1] === NO_KEY) {
          if (plain && NULL_WORDS.has(text.slice(event.valueStart, event.valueEnd))) return undefined;
          // js-yaml's object mapping: a scalar key is its String() (`1: x` is the key '1', as in yaml).
          const key = String(plain ? CORE_SCHEMA.resolveImplicitScalarTag(source).value : source);
          if (Object.prototype.hasOwnProperty.call(parent, key)) return undefined;
          keys[keys.length - 1] = key;
          continue;
        }
        value = plain ? CORE_SCHEMA.resolveImplicitScalarTag(source).value : source;
        break;
      }
      default: {
        // A sequence or a mapping opens.
        if (event.tagStart !== -1 || event.anchorStart !== -1) return undefined;
        const parent = containers[containers.length - 1];
        if (parent !== null && parent !== undefined && !Array.isArray(parent) && keys[keys.length - 1] === NO_KEY) return undefined;
        containers.push(event.type === EVENT_ID.MAPPING ? {} : []);
        keys.push(NO_KEY);
        // The document itself is containers[0].
        if (containers.length - 1 > MAX_NESTING_DEPTH) return undefined;
        continue;
      }
    }
    // A value is complete: it goes into the collection (or document) that holds it.
    const parent = containers[containers.length - 1];
    if (parent === null || parent === undefined) continue;
    if (Array.isArray(parent)) {
      parent.push(value);
    } else {
      const key = keys[keys.length - 1] as string;
      // As js-yaml: a `__proto__` key is an own property, never the object's prototype.
      if (key === '__proto__') Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
      else parent[key] = value;
      keys[keys.length - 1] = NO_KEY;
    }
  }
  return documents === 1 && containers.length === 0 ? { data } : undefined;
}

/** YAML 1.2 core schema §10.3.2: the plain scalars that are null. */
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
