/**
 * JSON Schema `uniqueItems` for arrays of objects and arrays, in linear time (DECISIONS D55).
 *
 * ajv compares every pair of items with a deep equality: a workflow of 1,000 steps made
 * half a million comparisons, ten of them 3.6 s of a 10,000-step document's validation.
 * Here each item is written once as a canonical key (object keys sorted), and equal items
 * are equal keys. The generated schema validator
 * (scripts/generate-schema-validator.mjs) calls this where ajv would have run its
 * pairwise loop, and reports the pair ajv would have reported.
 */

/**
 * The duplicate pair ajv's pairwise loop reports first, as `[i, j]` with `j < i`: ajv walks
 * `i` down from the last item and, for each, `j` down from `i - 1`, so it stops at the
 * largest `i` that repeats an earlier item, paired with the nearest such `j`. `undefined`
 * when all items differ.
 */
export default function lastDuplicatePair(items: readonly unknown[]): [number, number] | undefined {
  const identities = new Map<unknown, string>();
  // A cheap key first, from each item's own scalar members: equal items share it, and items
  // that differ there (steps with their own stepId) are never written out in full.
  const groups = new Map<string, number[]>();
  for (let index = 0; index < items.length; index++) {
    const key = shallowKey(items[index], identities);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  }
  let found: [number, number] | undefined;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const lastIndexOf = new Map<string, number>();
    for (const index of group) {
      const key = canonicalKey(items[index], identities);
      const earlier = lastIndexOf.get(key);
      if (earlier !== undefined && (found === undefined || index > found[0])) found = [index, earlier];
      lastIndexOf.set(key, index);
    }
  }
  return found;
}

/** canonicalKey one level deep: nested objects and arrays stand as their kind and size only. */
function shallowKey(value: unknown, identities: Map<unknown, string>): string {
  if (value === null || typeof value !== 'object') return canonicalKey(value, identities);
  if (Array.isArray(value)) return `[${value.length}]`;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return identityKey(value, identities);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const members = keys.map((key) => {
    const member = record[key];
    if (member === null || typeof member !== 'object') return `${JSON.stringify(key)}:${canonicalKey(member, identities)}`;
    return `${JSON.stringify(key)}:${Array.isArray(member) ? `[${member.length}]` : '{}'}`;
  });
  return `${prototype === null ? '~' : ''}{${members.join(',')}}`;
}

/**
 * A string equal for two values exactly when ajv's deep equality (fast-deep-equal) holds:
 * same type, numbers by `===` (`0` and `-0` alike, NaN equal to NaN), arrays item by item,
 * plain objects by their own keys in any order. Anything else (a Date, a Map: parsed
 * documents hold none) is equal only to itself.
 */
function canonicalKey(value: unknown, identities: Map<unknown, string>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return `#${String(value)}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'bigint':
      return `B${String(value)}`;
    case 'object': {
      if (value === null) return 'N';
      if (Array.isArray(value)) return `[${value.map((item) => canonicalKey(item, identities)).join(',')}]`;
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype === Object.prototype || prototype === null) {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        // fast-deep-equal compares constructors: an object without a prototype differs from `{}`.
        return `${prototype === null ? '~' : ''}{${keys.map((key) => `${JSON.stringify(key)}:${canonicalKey(record[key], identities)}`).join(',')}}`;
      }
      return identityKey(value, identities);
    }
    default:
      return identityKey(value, identities);
  }
}

function identityKey(value: unknown, identities: Map<unknown, string>): string {
  let key = identities.get(value);
  if (key === undefined) {
    key = `@${identities.size}`;
    identities.set(value, key);
  }
  return key;
}
