import { describe, expect, it } from 'vitest';
import { sourceExcerpt } from '../src/reporters/lint-stylish.js';

/** A 2,000-level document put a 4,000-character source line under every lint result. */
describe('lint stylish: the source line shown is an excerpt around the column', () => {
  it('a short line is shown whole, the caret under the column', () => {
    expect(sourceExcerpt('    operationId: getNothing', 18)).toEqual({ text: '    operationId: getNothing', caret: 17 });
  });

  it('a 4,000-character line is cut to 120 characters around the column, marked with …', () => {
    const line = '['.repeat(2000) + 'x' + ']'.repeat(1999);
    const shown = sourceExcerpt(line, 2001);
    expect(shown.text.length).toBeLessThanOrEqual(122);
    expect(shown.text.startsWith('…') && shown.text.endsWith('…')).toBe(true);
    expect(shown.text[shown.caret]).toBe('x');
  });

  it('the start and the end of a long line are cut on one side only', () => {
    const line = 'a'.repeat(500);
    expect(sourceExcerpt(line, 1)).toEqual({ text: `${'a'.repeat(120)}…`, caret: 0 });
    const end = sourceExcerpt(line, 500);
    expect(end.text).toBe(`…${'a'.repeat(120)}`);
    expect(end.caret).toBe(120);
  });

  it('control characters are escaped and the caret still points at the column', () => {
    const shown = sourceExcerpt('a\u001b[31mb', 7);
    expect(shown.text).not.toContain('\u001b');
    expect(shown.text[shown.caret]).toBe('b');
  });
});
