import { describe, expect, it } from 'vitest';
import { isRecord } from '../src/is-record.js';

describe('isRecord', () => {
  it('is true for JSON objects, whatever their members or prototype', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    expect(isRecord(JSON.parse('{"__proto__": 1}'))).toBe(true);
  });

  it('is false for null, arrays and scalars', () => {
    for (const value of [null, undefined, [], [1], 'text', 1, true]) expect(isRecord(value)).toBe(false);
  });
});
