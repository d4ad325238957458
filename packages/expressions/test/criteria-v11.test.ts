import { describe, expect, it } from 'vitest';
import type { CriterionInput, CriterionResult, EvaluationContext } from '@loom/expressions';
import { ExpressionSyntaxError, evaluateCriterion } from '@loom/expressions';
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

function compileError(input: CriterionInput, version: '1.0' | '1.1' = '1.1'): ExpressionSyntaxError {
  try {
    compileCriterion(input, undefined, version);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a compile error');
}

const RFC6901 = { type: 'jsonpointer', version: 'rfc6901' };
const order = { id: 7, note: null, 'a/b': { 'm~n': 1 }, lines: [{ sku: 'x' }] };

describe('Arazzo 1.1 criteria: the jsonpointer expression type', () => {
  it('D99: a jsonpointer criterion passes when its pointer points at a value (null included) and fails naming the pointer otherwise', () => {
    const context = { response: { body: order } };
    for (const condition of ['/id', '/note', '', '/a~1b/m~0n', '/lines/0/sku']) {
      expect([condition, run({ context: '$response.body', condition, type: RFC6901 }, context)]).toEqual([condition, { passed: true }]);
    }
    expect(run({ context: '$response.body', condition: '/missing', type: RFC6901 }, context)).toEqual({ passed: false, explanation: '/missing points at nothing in $response.body' });
    expect(run({ context: '$response.body', condition: '/lines/1', type: RFC6901 }, context).passed).toBe(false);
    // A context given as JSON text is read as JSON, as a Selector Object reads it (DECISIONS D100).
    expect(run({ context: '$response.body', condition: '/id', type: RFC6901 }, { response: { body: JSON.stringify(order) } }).passed).toBe(true);
  });

  it('D99: an embedded {$...} value is one reference token of the pointer, escaped, so it cannot change the path', () => {
    const input = { context: '$response.body', condition: '/{$inputs.key}/m~0n', type: RFC6901 };
    expect(run(input, { response: { body: order }, inputs: { key: 'a/b' } }).passed).toBe(true);
    expect(run(input, { response: { body: { a: { b: { 'm~n': 1 } } } }, inputs: { key: 'a/b' } }).passed).toBe(false);
    expect(run(input, { response: { body: order } })).toEqual({ passed: false, explanation: '{$inputs.key} has no value: input key was not supplied' });
  });

  it('D99: jsonpointer needs 1.1 rules and version rfc6901; a condition that is no JSON Pointer does not compile', () => {
    expect(compileError({ context: '$response.body', condition: '/id', type: RFC6901 }, '1.0')).toMatchObject({ code: 'EXPR_UNKNOWN_TYPE', field: 'type' });
    expect(compileError({ context: '$response.body', condition: '/id', type: { type: 'jsonpointer', version: 'rfc9535' } })).toMatchObject({
      code: 'EXPR_UNKNOWN_TYPE',
      field: 'type',
      message: "unknown jsonpointer version 'rfc9535': expected rfc6901",
    });
    expect(compileError({ context: '$response.body', condition: '/id', type: 'jsonpointer' })).toMatchObject({ code: 'EXPR_UNKNOWN_TYPE', field: 'type' });
    expect(compileError({ context: '$response.body', condition: 'id', type: RFC6901 })).toMatchObject({ code: 'EXPR_SYNTAX', field: 'condition', message: expect.stringContaining("'id' is not a JSON Pointer (RFC 6901)") });
    expect(compileError({ context: '$response.body', condition: '/a~2', type: RFC6901 })).toMatchObject({ code: 'EXPR_SYNTAX', field: 'condition' });
  });

  it('D99: a 1.1 Expression Type Object may name the default versions too (rfc9535, xpath-31)', () => {
    const context = { response: { body: order } };
    expect(run({ context: '$response.body', condition: '$.lines[0]', type: { type: 'jsonpath', version: 'rfc9535' } }, context).passed).toBe(true);
    expect(compileCriterion({ context: '$response.body', condition: '/a', type: { type: 'xpath', version: 'xpath-31' } }, undefined, '1.1').version).toBe('xpath-31');
    // Arazzo 1.0.1 §Criterion Expression Type Object lists only the other versions.
    expect(compileError({ context: '$response.body', condition: '$.a', type: { type: 'jsonpath', version: 'rfc9535' } }, '1.0')).toMatchObject({ code: 'EXPR_UNKNOWN_TYPE' });
  });
});
