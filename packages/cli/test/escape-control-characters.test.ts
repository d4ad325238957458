import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeControlCharactersKeepingLayout, escapeJsonControlCharacters } from '../src/terminal.js';

// Each case: text from a response or document, and what the terminal is given.
const CASES: readonly [name: string, text: string, escaped: string, keepingLayout: string][] = [
  ['plain text is unchanged (same string)', 'GET /pets?limit=10 ✔ ünïcödé', 'GET /pets?limit=10 ✔ ünïcödé', 'GET /pets?limit=10 ✔ ünïcödé'],
  ['ESC starting colour and OSC sequences, BEL', '\u001b[31mred\u001b]0;title\u0007', '\\x1b[31mred\\x1b]0;title\\x07', '\\x1b[31mred\\x1b]0;title\\x07'],
  ['CR, LF and tab', 'a\rb\nc\td', 'a\\rb\\nc\\td', 'a\\rb\nc\td'],
  ['NUL, DEL and the C1 range including the one-character CSI', '\u0000\u007f\u0080\u009b\u009f', '\\x00\\x7f\\x80\\x9b\\x9f', '\\x00\\x7f\\x80\\x9b\\x9f'],
  ['bidi embeddings, overrides and isolates', '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069', '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069', '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069'],
  ['characters next to the ranges are kept', '\u00a0\u2029\u202f\u2065\u206a', '\u00a0\u2029\u202f\u2065\u206a', '\u00a0\u2029\u202f\u2065\u206a'],
];

describe('escapeControlCharacters', () => {
  for (const [name, text, escaped, keepingLayout] of CASES) {
    it(name, () => {
      expect(escapeControlCharacters(text)).toBe(escaped);
      expect(escapeControlCharactersKeepingLayout(text)).toBe(keepingLayout);
    });
  }

  it('gives the same answer on repeated calls (the global regexes keep no state between calls)', () => {
    for (let round = 0; round < 3; round++) expect(escapeControlCharacters('x\u001by')).toBe('x\\x1by');
  });
});

describe('escapeJsonControlCharacters', () => {
  it('escapes what JSON.stringify leaves raw (DEL, C1, bidi) and parses back to the same value', () => {
    const value = { text: 'a\u001b[2J\u007f\u0085\u009b31m\u202eb\u2066c\u2069 ✔', list: ['\u0080'] };
    const json = escapeJsonControlCharacters(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('\\u009b31m\\u202eb');
    expect(JSON.parse(json)).toEqual(value);
  });
});
