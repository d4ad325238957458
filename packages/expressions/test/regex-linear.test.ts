import { describe, expect, it } from 'vitest';
import { evaluateCriterion, ExpressionSyntaxError } from '../src/index.js';
import { compileCriterion } from '../src/criteria/index.js';

/**
 * DECISIONS D34: regex criteria run on RE2 (re2js) after a rewrite that keeps the
 * ECMAScript meaning. Each case is checked against V8's own RegExp, so a difference
 * between the engines shows up here as a failing row.
 */
const SAME_AS_ECMASCRIPT: readonly (readonly [condition: string, text: string])[] = [
  ['^application/json', 'application/json; charset=utf-8'],
  ['/^APPLICATION\\/JSON/i', 'application/json'],
  ['[A-Z]+-\\d+', 'ABC-123'],
  ['^a.c$', 'a\nc'],
  ['^a.c$', 'a\u2028c'],
  ['^a.c$', 'a\u00e9c'],
  ['/^a.c$/s', 'a\nc'],
  ['^\\s+$', '\u00a0\u2003\t\ufeff'],
  ['^\\S+$', 'ab\u00a0'],
  ['^[\\s\\d]+$', ' 1\u3000'],
  ['^[^\\s]+$', 'abc'],
  ['^[\\S]+$', 'abc\u3000'],
  ['^\\w+$', 'abc_1'],
  ['^\\W+$', '-+é'],
  ['^\\D+$', 'ab'],
  ['\\bfoo\\b', 'a foo b'],
  ['\\Bfoo', 'afoo'],
  ['/^b/m', 'a\nb'],
  ['/a$/m', 'a\nb'],
  ['^b', 'a\nb'],
  ['^😀$', '😀'],
  ['/^\\u{1F600}$/u', '😀'],
  ['/^.$/u', '😀'],
  ['(?<year>\\d{4})-(?<month>\\d\\d)', '2024-05'],
  ['(?<=\\$)\\d+', 'cost $42'],
  ['(?<!\\$)\\b\\d+', '$42'],
  ['^[]$', ''],
  ['^[^]$', '\n'],
  ['/^ab$/y', 'ab'],
  ['/b/y', 'ab'],
  ['/2/g', '200'],
  ['^a{2,3}$', 'aaaa'],
  ['^a{2,}$', 'aaaa'],
  ['^(ab)*?$', 'abab'],
  ['/^\\p{Lu}+$/u', '\u00c0B'],
  ['/^\\P{Lu}+$/u', 'ab'],
  ['/^\\p{Script=Greek}+$/u', '\u03b1\u03b2'],
  ['/^\\p{gc=Nd}+$/u', '123'],
  ['/^\\p{Letter}+$/u', 'a\u00e9\u03b1'],
  ['/^\\p{General_Category=Decimal_Number}+$/u', '12'],
  ['x{,3}', 'x{,3}'],
  ['\\cJ', '\n'],
  ['^[\\-a]+$', '-a'],
  ['^\\x41\\u0042$', 'AB'],
  ['^a|b$', 'xb'],
  ['^(?:a|bc)+$', 'abca'],
  ['^[a-c\\d.]+$', 'a1.c'],
  ['^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\$', '.*+?()[]{}|^$\\'],
];

function matches(condition: string, text: string) {
  return evaluateCriterion(compileCriterion({ context: '$response.body', condition, type: 'regex' }), { response: { body: text } });
}

function native(condition: string, text: string): boolean {
  const delimited = /^\/([\s\S]*)\/([dgimsuvy]*)$/.exec(condition);
  return new RegExp(delimited ? delimited[1]! : condition, delimited ? delimited[2]! : '').test(text);
}

function compileError(condition: string): ExpressionSyntaxError {
  try {
    compileCriterion({ context: '$response.body', condition, type: 'regex' });
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`${condition} compiled`);
}

describe('D34: regex criteria match in linear time with ECMAScript meaning', () => {
  it.each(SAME_AS_ECMASCRIPT)('D34: %s on %j matches as in ECMAScript', (condition, text) => {
    const expected = native(condition, text);
    expect(matches(condition, text)).toMatchObject({ passed: expected });
  });

  it.each([
    ['(a)\\1', 'a backreference', 4, /backreferences are not supported/],
    ['/(?<x>a)\\k<x>/', 'a named backreference', 9, /backreferences are not supported/],
    ['foo(?=bar)', 'lookahead', 4, /lookahead is not supported/],
    ['foo(?!bar)', 'negative lookahead', 4, /negative lookahead is not supported/],
    ['a{1001}', 'a repetition count over 1000', 2, /repetition count above 1000/],
  ])('D34: %s (%s) is refused at its column', (condition, _what, column, message) => {
    const error = compileError(condition);
    expect(error).toMatchObject({ code: 'EXPR_INVALID_REGEX', field: 'condition', column });
    expect(error.message).toMatch(message);
    expect(error.message).toContain('D34');
  });

  it('D34: a pattern that is not ECMAScript keeps the engine’s own message', () => {
    expect(compileError('(unclosed').message).toMatch(/^invalid regular expression: .*Unterminated group/);
  });

  it('D34: nested quantifiers over a long text stay linear', () => {
    const started = performance.now();
    expect(matches('^(\\w+\\s?)*$', 'word '.repeat(20_000) + '!')).toMatchObject({ passed: false });
    expect(matches('(x+x+)+y', 'x'.repeat(50_000))).toMatchObject({ passed: false });
    // Generous: a backtracking engine does not finish these at all.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
