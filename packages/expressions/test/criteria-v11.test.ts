import { describe, expect, it } from 'vitest';
import type { CriterionInput, CriterionResult, EvaluationContext } from '@loom/expressions';
import { evaluateCriterion } from '@loom/expressions';
import { compileCriterion } from '../src/criteria/index.js';

/** A criterion compiled with the rules of `version` (Arazzo 1.0 by default), evaluated synchronously. */
function run(input: CriterionInput, context: EvaluationContext, version: '1.0' | '1.1' = '1.1'): CriterionResult {
  const result = evaluateCriterion(compileCriterion(input, undefined, version), context);
  if (result instanceof Promise) throw new Error('expected a synchronous result');
  return result;
}

const passes = (condition: string, body: unknown, version: '1.0' | '1.1' = '1.1') => run({ condition }, { response: { body } }, version).passed;

describe('Arazzo 1.1 criteria: numeric strings under ordering operators', () => {
  it('D99: two numeric strings compare as numbers under <, >, <=, >= in 1.1, as strings in 1.0', () => {
    const body = { a: '10', b: '9', c: '9.50', d: '1e1', e: ' 10 ', f: '-3' };
    for (const condition of ['$response.body#/a > $response.body#/b', '$response.body#/b < $response.body#/a', '$response.body#/a >= $response.body#/d', '$response.body#/a <= $response.body#/d', '$response.body#/c > $response.body#/b', '$response.body#/e > $response.body#/b', "$response.body#/f < '-2'", "$response.body#/a > '9'"]) {
      expect([condition, passes(condition, body)]).toEqual([condition, true]);
    }
    // DECISIONS D3 (1.0): two strings are ordered as text, '10' before '9'.
    expect(passes('$response.body#/a > $response.body#/b', body, '1.0')).toBe(false);
    expect(passes("$response.body#/a > '9'", body, '1.0')).toBe(false);
  });

  it('D99: a string that is not numeric keeps text order; equality is unchanged', () => {
    const body = { n: '10', word: 'abc', hex: '0x1F', plus: '+50', empty: '', inf: '-Infinity' };
    // '10' against 'abc' is text order (digits sort before letters).
    expect(passes('$response.body#/n < $response.body#/word', body)).toBe(true);
    // Only the decimal grammar is numeric: hex, a leading '+', Infinity and '' are text.
    expect(passes("$response.body#/hex > '9'", body)).toBe(false);
    expect(passes("$response.body#/plus < '6'", body)).toBe(true);
    expect(passes("$response.body#/inf > '-5'", body)).toBe(true);
    expect(passes("$response.body#/empty > '-1'", body)).toBe(false);
    // `==` and `!=` stay as in 1.0 (D2, D3): two strings are equal as text, ignoring case.
    expect(passes("$response.body#/n == '10.0'", body)).toBe(false);
    expect(passes("$response.body#/n == '10'", body)).toBe(true);
    expect(passes('$response.body#/n == 10', body)).toBe(true);
  });
});
