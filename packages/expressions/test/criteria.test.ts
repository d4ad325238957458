import { beforeAll, describe, expect, it } from 'vitest';
import type { CriterionInput, CriterionResult, EvaluationContext } from '@loom/expressions';
import { ExpressionSyntaxError, evaluateCriterion, evaluateCriterionAsync, preloadXPath } from '@loom/expressions';
import { compileCriterion } from '../src/criteria/index.js';

function run(input: CriterionInput, context: EvaluationContext): CriterionResult {
  const result = evaluateCriterion(compileCriterion(input), context);
  if (result instanceof Promise) throw new Error('expected a synchronous result');
  return result;
}

function compileError(input: CriterionInput): ExpressionSyntaxError {
  try {
    compileCriterion(input);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a compile error');
}

const pets = { pets: [{ id: 1, name: 'Rex', status: 'available', tags: ['dog'] }, { id: 2, name: 'Tom', status: 'sold' }], count: 2 };

describe("the spec's Criterion Object examples", () => {
  it('simple: $statusCode == 200', () => {
    expect(run({ condition: '$statusCode == 200' }, { statusCode: 200 })).toEqual({ passed: true });
    expect(run({ condition: '$statusCode == 200' }, { statusCode: 503 })).toEqual({ passed: false, explanation: '$statusCode == 200: got 503' });
  });

  it("regex: '^200$' on $statusCode", () => {
    expect(run({ context: '$statusCode', condition: '^200$', type: 'regex' }, { statusCode: 200 }).passed).toBe(true);
    expect(run({ context: '$statusCode', condition: '^200$', type: 'regex' }, { statusCode: 2001 })).toEqual({
      passed: false,
      explanation: '^200$ did not match 2001 ($statusCode)',
    });
  });

  it('D4: jsonpath $[?count(@.pets) > 0] on an object body tests the body itself', () => {
    const input: CriterionInput = { context: '$response.body', condition: '$[?count(@.pets) > 0]', type: 'jsonpath' };
    expect(run(input, { response: { body: pets } }).passed).toBe(true);
    expect(run(input, { response: { body: { other: 1 } } })).toEqual({ passed: false, explanation: '$[?count(@.pets) > 0] matched nothing in $response.body' });
  });

  it("E2: braces around a whole condition group like parentheses (the components example '{$statusCode == 401}')", () => {
    expect(run({ condition: '{$statusCode == 401}' }, { statusCode: 401 }).passed).toBe(true);
  });

  it('E2: braces around a whole context are accepted', () => {
    expect(run({ context: '{$response.body#/id}', condition: '^ABC', type: 'regex' }, { response: { body: { id: 'ABC-1' } } }).passed).toBe(true);
  });

  it('Criterion Expression Type examples compile', () => {
    expect(compileCriterion({ context: '$response.body', condition: '$.pets[0]', type: { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' } }).version).toBe('draft-goessner-dispatch-jsonpath-00');
    expect(compileCriterion({ context: '$response.body', condition: '/a', type: { type: 'xpath', version: 'xpath-30' } }).version).toBe('xpath-30');
  });
});

describe('simple criteria explanations', () => {
  it('lists every operand with its value', () => {
    const result = run({ condition: "$statusCode == 200 && $response.body#/status == 'active'" }, { statusCode: 200, response: { body: { status: 'inactive' } } });
    expect(result.explanation).toBe("$statusCode == 200 && $response.body#/status == 'active': got $statusCode = 200, $response.body#/status = 'inactive'");
  });
  it('says why a value is missing', () => {
    const result = run({ condition: "$steps.login.outputs.token != null" }, { steps: { login: { outputs: {} } } });
    expect(result.explanation).toBe('$steps.login.outputs.token != null: got nothing (step login has no output token)');
  });
  it('E1: a simple criterion with a context reads the run, not the context', () => {
    expect(run({ context: '$response.body', condition: '$statusCode == 200', type: 'simple' }, { statusCode: 200 }).passed).toBe(true);
  });
  it('passing results are shared, not allocated', () => {
    const compiled = compileCriterion({ condition: '$statusCode == 200' });
    expect(evaluateCriterion(compiled, { statusCode: 200 })).toBe(evaluateCriterion(compiled, { statusCode: 200 }));
  });
});

describe('D5: regex criteria', () => {
  const ctx: EvaluationContext = { response: { body: { id: 'ABC-123', n: 5 }, headers: { 'content-type': 'application/json; charset=utf-8' } }, statusCode: 204 };
  it.each([
    ['$response.header.Content-Type', '^application/json', true],
    ['$response.header.Content-Type', '/^APPLICATION\\/JSON/i', true],
    ['$response.header.Content-Type', '/^APPLICATION\\/JSON/', false],
    ['$response.body#/id', '[A-Z]+-\\d+', true],
    ['$response.body#/id', '\\d{4}', false],
    ['$response.body#/n', '^5$', true],
    ['$response.body', '"id":"ABC', true],
    ['$statusCode', '^2\\d\\d$', true],
  ])('D5: %s ~ %s -> %s', (context, condition, expected) => {
    expect(run({ context, condition, type: 'regex' }, ctx).passed).toBe(expected);
  });
  it('D5: a g flag does not make results alternate', () => {
    const compiled = compileCriterion({ context: '$statusCode', condition: '/2/g', type: 'regex' });
    for (let i = 0; i < 3; i++) expect(evaluateCriterion(compiled, ctx)).toEqual({ passed: true });
  });
  it('D5: a missing context fails the criterion with the reason', () => {
    expect(run({ context: '$response.body#/nope', condition: '.*', type: 'regex' }, ctx)).toEqual({
      passed: false,
      explanation: "context $response.body#/nope has no value: the response body has nothing at /nope (no 'nope' at the top, which is an object)",
    });
  });
  it('D5: an invalid pattern is a compile error', () => {
    expect(compileError({ context: '$statusCode', condition: '(unclosed', type: 'regex' })).toMatchObject({ code: 'EXPR_INVALID_REGEX', field: 'condition' });
  });
});

describe('jsonpath criteria (RFC 9535)', () => {
  const store = {
    store: {
      book: [
        { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
        { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
        { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
      ],
      bicycle: { color: 'red', price: 399 },
    },
  };
  const ctx: EvaluationContext = { response: { body: store }, inputs: { maxPrice: 10, author: 'Herman Melville' } };
  it.each([
    ['$.store.book[?@.price < 10]', true],
    ['$.store.book[?@.price > 100]', false],
    ['$..book[?@.isbn]', true],
    ['$..book[?search(@.author, "Tolk")]', true],
    ['$.store.bicycle[?@ == "red"]', true],
    ['$.store.book[-1].title', true],
    ['$.store.book[5]', false],
    ['$.store.book[?@.price < {$inputs.maxPrice}]', true],
    ['$.store.book[?@.author == {$inputs.author}]', true],
  ])('%s -> %s', (condition, expected) => {
    expect(run({ context: '$response.body', condition, type: 'jsonpath' }, ctx).passed).toBe(expected);
  });

  it('D4: count() counts nodes, length() counts elements', () => {
    const body = { pets: [] };
    expect(run({ context: '$response.body', condition: '$[?count(@.pets) > 0]', type: 'jsonpath' }, { response: { body } }).passed).toBe(true);
    expect(run({ context: '$response.body', condition: '$[?length(@.pets) > 0]', type: 'jsonpath' }, { response: { body } }).passed).toBe(false);
  });

  it('D4: an array context is filtered as it is', () => {
    const body = [{ ok: true }, { ok: false }];
    expect(run({ context: '$response.body', condition: '$[?@.ok == true]', type: 'jsonpath' }, { response: { body } }).passed).toBe(true);
    expect(run({ context: '$response.body', condition: '$[?@.ok == 1]', type: 'jsonpath' }, { response: { body } }).passed).toBe(false);
  });

  it('reports a syntax error at its column', () => {
    expect(compileError({ context: '$response.body', condition: '$.pets[?@.id ==]', type: 'jsonpath' })).toMatchObject({ code: 'EXPR_INVALID_JSONPATH', column: 16 });
  });

  it('three operands joined by && (a query the first JSONPath library evaluated wrongly)', () => {
    const body = [{ a: true, b: true, c: true }, { a: true, b: true }, { a: true, c: true }];
    const matches = (items: unknown[]) => run({ context: '$response.body', condition: '$[?@.a && @.b && @.c]', type: 'jsonpath' }, { response: { body: items } }).passed;
    expect(matches(body)).toBe(true);
    expect(matches(body.slice(1))).toBe(false);
  });

  it('RFC 9535 well-typedness: a function result that must be compared is a compile error, at its column', () => {
    expect(compileError({ context: '$response.body', condition: '$[?length(@.a)]', type: 'jsonpath' })).toMatchObject({ code: 'EXPR_INVALID_JSONPATH' });
    expect(compileError({ context: '$response.body', condition: '$[0, 9007199254740992]', type: 'jsonpath' })).toMatchObject({ code: 'EXPR_INVALID_JSONPATH' });
  });

  it('E6: an embedded value is written as a JSON literal, so quotes in it cannot change the query', () => {
    const body = [{ name: 'say "hi"' }, { name: 'x' }];
    const context: EvaluationContext = { response: { body }, inputs: { name: 'say "hi"', other: '"] || true || ["', flag: false } };
    expect(run({ context: '$response.body', condition: '$[?@.name == {$inputs.name}]', type: 'jsonpath' }, context).passed).toBe(true);
    expect(run({ context: '$response.body', condition: '$[?@.name == {$inputs.other}]', type: 'jsonpath' }, context).passed).toBe(false);
    expect(run({ context: '$response.body', condition: '$[?@.name == {$inputs.flag}]', type: 'jsonpath' }, context).passed).toBe(false);
  });

  it('E6: a missing embedded value fails with its reason', () => {
    expect(run({ context: '$response.body', condition: '$[?@.a == {$inputs.nope}]', type: 'jsonpath' }, ctx)).toEqual({
      passed: false,
      explanation: '{$inputs.nope} has no value: input nope was not supplied',
    });
  });
});

describe('legacy jsonpath (draft-goessner-dispatch-jsonpath-00)', () => {
  const type = { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' };
  const ctx: EvaluationContext = { response: { body: pets } };
  it.each([
    ['$.pets[?(@.status === "available")]', true],
    ['$.pets[?(@.status !== "available")]', true],
    ["$.pets[?(@.id == 3)]", false],
    ['$.pets[(@.length-1)].name', true],
    ['$..tags[?(@.length > 2)]', true],
    ['$..tags[?(@.length > 5)]', false],
    ['$.pets[*].name', true],
  ])('E7: %s -> %s', (condition, expected) => {
    expect(run({ context: '$response.body', condition, type }, ctx).passed).toBe(expected);
  });
  it('E7: script expressions are refused (no code is run)', () => {
    expect(compileError({ context: '$response.body', condition: '$.pets[(@.foo())]', type })).toMatchObject({ code: 'EXPR_INVALID_JSONPATH' });
  });
});

describe('D6: xpath criteria', () => {
  const xml = `<?xml version="1.0"?>
<petOrder xmlns:x="urn:x"><petId>7</petId><status>placed</status><items><item sku="a"/><item sku="b"/></items></petOrder>`;
  const ctx: EvaluationContext = { response: { body: xml }, inputs: { sku: 'b' } };

  it('D6: works before preload, returning a promise', async () => {
    const compiled = compileCriterion({ context: '$response.body', condition: '/petOrder/status = "placed"', type: 'xpath' });
    await expect(evaluateCriterionAsync(compiled, ctx)).resolves.toEqual({ passed: true });
  });

  describe('after preloadXPath()', () => {
    beforeAll(() => preloadXPath());
    it.each([
      ['/petOrder/status = "placed"', true],
      ['/petOrder/status = "PLACED"', false],
      ['count(//item) = 2', true],
      ['//item[@sku = "c"]', false],
      ['//item[@sku = {$inputs.sku}]', true],
      ['number(/petOrder/petId) > 5', true],
      ['/petOrder/nothing', false],
      ['string-join(//item/@sku, ",") = "a,b"', true],
    ])('D6: %s -> %s', (condition, expected) => {
      expect(run({ context: '$response.body', condition, type: 'xpath' }, ctx).passed).toBe(expected);
    });
    it('once the XPath engine is loaded, static errors are compile errors at their column (loom validate reports them)', () => {
      expect(compileError({ context: '$response.body', condition: 'count(//item) >', type: 'xpath' })).toMatchObject({ code: 'EXPR_INVALID_XPATH', column: 16, message: expect.stringMatching(/XPST0003: Failed to parse script$/) });
      expect(compileError({ context: '$response.body', condition: 'nosuchfn(//item)', type: 'xpath' })).toMatchObject({ code: 'EXPR_INVALID_XPATH', message: expect.stringMatching(/XPST0017/) });
      // Dynamic errors depend on the document, so they are left to evaluation.
      expect(() => compileCriterion({ context: '$response.body', condition: 'xs:integer(/petOrder/status) > 1', type: 'xpath' })).not.toThrow();
    });
    it.each(['xpath-30', 'xpath-20', 'xpath-10'])('E8: version %s is accepted and run by the XPath 3.1 engine', (version) => {
      expect(run({ context: '$response.body', condition: 'count(//item) = 2', type: { type: 'xpath', version } }, ctx).passed).toBe(true);
    });
    it('E6: an embedded value is written as an XPath literal: strings quoted with doubled quotes, numbers, true()/false()', () => {
      const doc = '<r><item name=\'say "hi"\' n="3" ok="true"/></r>';
      const values: EvaluationContext = { response: { body: doc }, inputs: { name: 'say "hi"', n: 3, ok: true } };
      expect(run({ context: '$response.body', condition: '//item[@name = {$inputs.name}]', type: 'xpath' }, values).passed).toBe(true);
      expect(run({ context: '$response.body', condition: 'number(//item/@n) = {$inputs.n}', type: 'xpath' }, values).passed).toBe(true);
      expect(run({ context: '$response.body', condition: '{$inputs.ok}', type: 'xpath' }, values).passed).toBe(true);
    });
    it('D6: a JSON body is not XML', () => {
      expect(run({ context: '$response.body', condition: '/a', type: 'xpath' }, { response: { body: { a: 1 } } })).toMatchObject({ passed: false, explanation: expect.stringContaining('is not XML') });
    });
    it('D6: malformed XML and bad XPath fail with a reason, never throw', () => {
      expect(run({ context: '$response.body', condition: '/a', type: 'xpath' }, { response: { body: '<a><b></a>' } }).explanation).toContain('not well-formed XML');
      // With a `{$...}` slot the query is only complete, and checked, at evaluation.
      expect(run({ context: '$response.body', condition: '//item[@sku = {$inputs.sku}', type: 'xpath' }, ctx).explanation).toContain('XPST0003');
    });
  });
});

describe('E8: criterion type versions', () => {
  it('E8: a type object must name a version the spec lists; a plain type takes the default', () => {
    expect(compileError({ context: '$response.body', condition: '/a', type: { type: 'xpath', version: 'xpath-31' } })).toMatchObject({ code: 'EXPR_UNKNOWN_TYPE', field: 'type' });
    expect(compileCriterion({ context: '$response.body', condition: '/a', type: 'xpath' }).version).toBe('xpath-31');
    expect(compileCriterion({ context: '$response.body', condition: '$.a', type: 'jsonpath' }).version).toBe('rfc9535');
  });
});

describe('criterion compile errors name the field', () => {
  it.each([
    [{ condition: '$statusCode ==' }, 'EXPR_SYNTAX', 'condition', 15],
    [{ condition: '^a', type: 'regex' }, 'EXPR_MISSING_CONTEXT', 'context', 1],
    [{ condition: '$[*]', type: 'jsonpath' }, 'EXPR_MISSING_CONTEXT', 'context', 1],
    [{ context: '$response.bdy', condition: '^a', type: 'regex' }, 'EXPR_SYNTAX', 'context', 11],
    [{ context: '{$response.bdy}', condition: '^a', type: 'regex' }, 'EXPR_SYNTAX', 'context', 12],
    [{ context: '$response.body', condition: 'x', type: 'jmespath' }, 'EXPR_UNKNOWN_TYPE', 'type', 1],
    [{ context: '$response.body', condition: 'x', type: { type: 'jsonpath', version: 'rfc9999' } }, 'EXPR_UNKNOWN_TYPE', 'type', 1],
    [{ context: '$response.body', condition: 'x', type: { type: 'regex', version: 'x' } }, 'EXPR_UNKNOWN_TYPE', 'type', 1],
    [{ context: '$response.body', condition: '/a/{$inputs}', type: 'xpath' }, 'EXPR_SYNTAX', 'condition', 12],
    [{ condition: 42 } as unknown as CriterionInput, 'EXPR_SYNTAX', 'condition', 1],
  ] as const)('%j', (input, code, field, column) => {
    expect(compileError(input as CriterionInput)).toMatchObject({ code, field, column });
  });
});
