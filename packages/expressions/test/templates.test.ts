import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '@loom/expressions';
import { ExpressionSyntaxError, evaluateTemplate, parseTemplate } from '@loom/expressions';
import { classifyString, isExpression } from '../src/classify.js';
import { compileValue, evaluateValue, explainValue } from '../src/compile-value.js';
import { explainTemplate } from '../src/templates.js';
import { printTemplate } from '../src/printer.js';

const context: EvaluationContext = {
  inputs: { pet_id: 7, coupon_code: 'SAVE', quantity: 2, tags: ['a'], flag: false, none: null },
  steps: { login: { outputs: { token: 'abc.def' } }, 'browser-authorize': { outputs: { code: 'C0DE' } } },
  sourceDescriptions: { petstore: { url: 'https://example.com/openapi.yaml' } },
};

describe('templates: embedded {$...} expressions', () => {
  it('keeps literal text and fills several slots', () => {
    const template = parseTemplate('Bearer {$steps.login.outputs.token} for {$inputs.pet_id}/{$inputs.coupon_code}');
    expect(evaluateTemplate(template, context)).toBe('Bearer abc.def for 7/SAVE');
    expect(template.parts.map((part) => part.type)).toEqual(['Text', 'Slot', 'Text', 'Slot', 'Text', 'Slot']);
  });

  it('a fallback stands in for values with nothing to read (dry runs), never for null', () => {
    const fallback = () => '<later>';
    const compiled = compileValue({ id: '$steps.create.outputs.id', none: '$inputs.none', auth: 'Bearer {$steps.login.outputs.nope}', missing: '$inputs.absent' });
    expect(evaluateValue(compiled, context, fallback)).toEqual({ id: '<later>', none: null, auth: 'Bearer <later>', missing: '<later>' });
    // Without one, D14: members with nothing to read are left out.
    expect(evaluateValue(compiled, context)).toEqual({ none: null });
  });

  it('E4: renders non-strings as JSON', () => {
    expect(evaluateTemplate(parseTemplate('{$inputs.tags}|{$inputs.flag}|{$inputs.none}'), context)).toBe('["a"]|false|null');
  });

  it("fills the spec's JSON templated payload and leaves JSON braces alone", () => {
    const text = '{\n  "petOrder": {\n    "petId": "{$inputs.pet_id}",\n    "couponCode": "{$inputs.coupon_code}",\n    "quantity": "{$inputs.quantity}",\n    "complete": false\n  }\n}';
    const filled = evaluateTemplate(parseTemplate(text), context) as string;
    expect(JSON.parse(filled)).toEqual({ petOrder: { petId: '7', couponCode: 'SAVE', quantity: '2', complete: false } });
  });

  it("fills the spec's XML templated payload", () => {
    const text = '<petOrder>\n  <petId>{$inputs.pet_id}</petId>\n  <status>placed</status>\n</petOrder>';
    expect(evaluateTemplate(parseTemplate(text), context)).toBe('<petOrder>\n  <petId>7</petId>\n  <status>placed</status>\n</petOrder>');
  });

  it("keeps the spec's form string example's stray '$inputs.scope}' as literal text", () => {
    const text = 'code{$steps.browser-authorize.outputs.code}&scope=$inputs.scope}';
    expect(evaluateTemplate(parseTemplate(text), context)).toBe('codeC0DE&scope=$inputs.scope}');
  });

  it('fills an operationPath template', () => {
    expect(evaluateTemplate(parseTemplate('{$sourceDescriptions.petstore.url}#/paths/~1pets/get'), context)).toBe('https://example.com/openapi.yaml#/paths/~1pets/get');
  });

  it('D14: a missing value makes the template undefined, with a reason naming it', () => {
    const template = parseTemplate('Hello {$inputs.customerEmail}');
    expect(evaluateTemplate(template, context)).toBeUndefined();
    expect(explainTemplate(template, context)).toBe('{$inputs.customerEmail}: input customerEmail was not supplied');
  });

  it('reports an unclosed slot at its column', () => {
    expect(() => parseTemplate('a {$inputs.x')).toThrow(ExpressionSyntaxError);
    try {
      parseTemplate('a {$inputs.x');
    } catch (error) {
      expect((error as ExpressionSyntaxError).column).toBe(13);
    }
  });

  it('round-trips through the printer', () => {
    const text = 'x {$response.body#/a/b} y {$request.header.Accept}';
    expect(printTemplate(parseTemplate(text))).toBe(text);
  });
});

describe('D22: which strings are expressions', () => {
  it.each([
    ['$inputs.username', 'expression'],
    ['$statusCode', 'expression'],
    ['$5.00', 'literal'],
    ['$HOME', 'literal'],
    ['$statusCodes', 'literal'],
    ['$', 'literal'],
    ['price: $inputs.x', 'literal'],
    ['{$HOME}', 'literal'],
    ['{ "a": {"b": 1} }', 'literal'],
    ['Bearer {$inputs.token}', 'template'],
    ['{$inputs.token}', 'template'],
    ['$inputs', 'invalid'],
    ['$url.x', 'invalid'],
    ['$inputs.a b', 'invalid'],
    ['$steps.login.output.token', 'invalid'],
    ['$response.body#x', 'invalid'],
    ['$components.schemas.x', 'invalid'],
    ['a {$steps.x} b', 'invalid'],
    ['a {$inputs.x b', 'invalid'],
  ])('D22: %j is %s', (text, kind) => {
    expect(classifyString(text).kind).toBe(kind);
  });

  it('D22: a mistyped expression reports the column', () => {
    const classified = classifyString('$steps.login.output.token');
    expect(classified.kind === 'invalid' && classified.error.column).toBe(14);
    expect(isExpression('$steps.login.outputs.token')).toBe(true);
  });
});

describe('D19: values at any depth', () => {
  const payload = {
    petOrder: { petId: '$inputs.pet_id', couponCode: '$inputs.coupon_code', quantity: '$inputs.quantity', status: 'placed', complete: false },
    note: 'for {$steps.login.outputs.token}',
    list: ['$inputs.tags', 3, '$5.00'],
    optional: '$inputs.missing',
  };

  it('D19: an expression keeps its type, a template gives a string, literals stay', () => {
    const value = evaluateValue(compileValue(payload), context);
    expect(value).toEqual({
      petOrder: { petId: 7, couponCode: 'SAVE', quantity: 2, status: 'placed', complete: false },
      note: 'for abc.def',
      list: [['a'], 3, '$5.00'],
    });
  });

  it('D14: optional input left out of JSON body, and reported', () => {
    const compiled = compileValue(payload);
    expect(evaluateValue(compiled, context)).not.toHaveProperty('optional');
    expect(explainValue(compiled, context)).toEqual([
      { path: ['optional'], expression: '$inputs.missing', reason: 'input missing was not supplied' },
    ]);
  });

  it('keeps literal subtrees as they are', () => {
    const literal = { a: [1, { b: 'x' }] };
    const compiled = compileValue(literal);
    expect(compiled).toEqual({ kind: 'literal', value: literal });
    expect(evaluateValue(compiled, context)).toBe(literal);
  });

  it('throws ExpressionSyntaxError for a mistyped expression', () => {
    expect(() => compileValue({ a: ['$inputs'] })).toThrow(ExpressionSyntaxError);
  });
});
