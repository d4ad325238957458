import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyJson, forEachScalarMember } from '../src/json-copy.js';
import { MAX_SHOWN_DEPTH, TOO_DEEP_MARKER, toJsonText, writeJson } from '../src/json-text.js';

/** An array `levels` deep: `[[[...["x"]...]]]`, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

describe('writeJson and toJsonText (DECISIONS D33)', () => {
  it('D33: writes what JSON.stringify writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(writeJson(value)).toBe(JSON.stringify(value));
        expect(toJsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('D33: and for what JSON.stringify treats specially: toJSON, undefined members and items, boxed values', () => {
    const value = { date: new Date(0), gone: undefined, list: [undefined, () => 1, new Number(3)], text: new String('s'), nothing: null };
    expect(writeJson(value)).toBe(JSON.stringify(value));
    expect(writeJson(undefined)).toBeUndefined();
  });

  it('D33: writes 100,000 levels, which JSON.stringify cannot', () => {
    const value = nested(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const text = toJsonText(value)!;
    expect(text).toBe(`${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`);
    expect(JSON.parse(text)).toBeTruthy();
  });

  it('D33: cuts off below maxDepth with the marker, and stops near maxLength', () => {
    expect(writeJson(nested(3), { maxDepth: 2 })).toBe(`[[${JSON.stringify(TOO_DEEP_MARKER)}]]`);
    expect(writeJson(nested(100_000), { maxLength: 10 })).toBe('['.repeat(10));
  });

  it('D33: a value that contains itself is cut, not followed', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    expect(writeJson(loop)).toBe(`{"a":1,"self":${JSON.stringify(TOO_DEEP_MARKER)}}`);
  });
});

describe('copyJson and forEachScalarMember (DECISIONS D33)', () => {
  it('D33: copies any JSON value equal, member order kept', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = copyJson(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('D33: copies 100,000 levels; with maxDepth, what is deeper becomes the marker', () => {
    let copy = copyJson(nested(100_000));
    let depth = 0;
    while (Array.isArray(copy)) {
      copy = copy[0];
      depth++;
    }
    expect([depth, copy]).toEqual([100_000, 'x']);
    let bounded: unknown = copyJson(nested(100_000), { maxDepth: MAX_SHOWN_DEPTH });
    depth = 0;
    while (Array.isArray(bounded)) {
      bounded = bounded[0];
      depth++;
    }
    expect([depth, bounded]).toEqual([MAX_SHOWN_DEPTH, TOO_DEEP_MARKER]);
  });

  it('maps strings and scalar members; a shared value is copied twice, a member named __proto__ stays a member', () => {
    const shared = { token: 'abc', n: 1 };
    const value = JSON.parse('{"__proto__":{"x":"y"},"a":["s",{"token":"t"}]}') as Record<string, unknown>;
    value['b'] = shared;
    value['c'] = shared;
    const copy = copyJson(value, { mapString: (text) => text.toUpperCase(), mapMember: (name, member) => (name === 'token' ? '****' : member) }) as Record<string, unknown>;
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"x":"Y"},"a":["S",{"token":"****"}],"b":{"token":"****","n":1},"c":{"token":"****","n":1}}');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('visits every scalar member at any depth', () => {
    const seen: string[] = [];
    forEachScalarMember({ a: 1, b: [{ c: 'x' }, nested(50_000)], d: { e: null } }, (name, value) => seen.push(`${name}=${String(value)}`));
    expect(seen.sort()).toEqual(['a=1', 'c=x', 'e=null']);
  });
});
