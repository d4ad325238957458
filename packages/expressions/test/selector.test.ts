import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError, preloadXPath, type EvaluationContext } from '@loom/expressions';
import { compileValue, evaluateValue, explainValue } from '../src/compile-value.js';
import { compileSelector, isSelectorAt } from '../src/selector.js';

/** Arazzo 1.1 §Selector Object, §Expression Type Object. */
const context: EvaluationContext = {
  inputs: {
    order: { items: [{ id: 'a', qty: 1 }, { id: 'b', qty: 3 }], 'a/b': { '~x': 5 } },
    json: '{"n":{"m":4}}',
    xml: '<Invoice><Id>INV-1</Id><Line>x</Line><Line>y</Line></Invoice>',
  },
};

describe('Selector Objects', () => {
  it('D100: a singular JSONPath query gives its value; any other query the array of values', () => {
    expect(compileSelector({ context: '$inputs.order', selector: '$.items[1].qty', type: 'jsonpath' }).select(context)).toEqual({ value: 3 });
    expect(compileSelector({ context: '$inputs.order', selector: '$.items[*].id', type: 'jsonpath' }).select(context)).toEqual({ value: ['a', 'b'] });
    expect(compileSelector({ context: '$inputs.order', selector: '$.items[?@.qty > 5]', type: 'jsonpath' }).select(context)).toEqual({ value: [] });
    expect(compileSelector({ context: '$inputs.order', selector: '$.nothing', type: 'jsonpath' }).select(context)).toEqual({ missing: '$.nothing selects nothing in $inputs.order' });
  });

  it('D100: Goessner JSONPath through an Expression Type Object', () => {
    const selector = compileSelector({ context: '$inputs.order', selector: '$.items[(@.length-1)].id', type: { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' } });
    expect(selector.select(context)).toEqual({ value: 'b' });
  });

  it('D100: JSON Pointer (RFC 6901) with escaped segments; JSON text is read as JSON', () => {
    expect(compileSelector({ context: '$inputs.order', selector: '/a~1b/~0x', type: 'jsonpointer' }).select(context)).toEqual({ value: 5 });
    expect(compileSelector({ context: '$inputs.json', selector: '/n/m', type: { type: 'jsonpointer', version: 'rfc6901' } }).select(context)).toEqual({ value: 4 });
    expect(compileSelector({ context: '$inputs.order', selector: '/items/9', type: 'jsonpointer' }).select(context)).toEqual({ missing: '/items/9 points at nothing in $inputs.order' });
  });

  it('D100: XPath gives the string value of one item, an array for several', async () => {
    await preloadXPath();
    expect(compileSelector({ context: '$inputs.xml', selector: '/Invoice/Id', type: 'xpath' }).select(context)).toEqual({ value: 'INV-1' });
    expect(compileSelector({ context: '$inputs.xml', selector: '//Line', type: { type: 'xpath', version: 'xpath-20' } }).select(context)).toEqual({ value: ['x', 'y'] });
    expect(compileSelector({ context: '$inputs.order', selector: '//Line', type: 'xpath' }).select(context)).toEqual({ missing: expect.stringMatching(/^\$inputs.order is not XML \(got .*\); an xpath selector needs an XML value$/) });
    expect(() => compileSelector({ context: '$inputs.xml', selector: '//Line[', type: 'xpath' })).toThrow(ExpressionSyntaxError);
  });

  it('D100: the Expression Type Object needs a version its type lists; unknown types and bad selectors do not compile', () => {
    const error = (object: Record<string, unknown>): string | undefined => {
      try {
        compileSelector(object);
        return undefined;
      } catch (caught) {
        return caught instanceof ExpressionSyntaxError ? `${caught.code}: ${caught.message}` : String(caught);
      }
    };
    expect(error({ context: '$inputs.order', selector: '/a', type: { type: 'jsonpointer' } })).toBe('EXPR_UNKNOWN_TYPE: jsonpointer version must be one of rfc6901');
    expect(error({ context: '$inputs.order', selector: '/a', type: { type: 'xpath', version: 'rfc6901' } })).toMatch(/^EXPR_UNKNOWN_TYPE: xpath version must be one of xpath-31/);
    expect(error({ context: '$inputs.order', selector: '/a', type: 'css' })).toBe("EXPR_UNKNOWN_TYPE: a selector type must be jsonpath, xpath or jsonpointer, not 'css'");
    expect(error({ context: '$inputs.order', selector: 'a', type: 'jsonpointer' })).toMatch(/^EXPR_SYNTAX: 'a' is not a JSON Pointer/);
    expect(error({ context: '$inputs.order', selector: '$.a[', type: 'jsonpath' })).toMatch(/^EXPR_INVALID_JSONPATH/);
    expect(error({ context: 'inputs.order', selector: '/a', type: 'jsonpointer' })).toMatch(/^EXPR_SYNTAX: a selector's context must be one runtime expression/);
  });

  it('D100: compileValue reads Selector Objects only where told: at the root, or anywhere with all three fields', () => {
    const object = { context: '$inputs.order', selector: '/items/0/id', type: 'jsonpointer' };
    expect(isSelectorAt(object, 'none', true)).toBe(false);
    expect(isSelectorAt(object, 'root', false)).toBe(false);
    expect(isSelectorAt({ selector: '/a' }, 'root', true)).toBe(true);
    expect(isSelectorAt({ selector: '/a' }, 'anywhere', false)).toBe(false);
    expect(evaluateValue(compileValue({ pick: object, list: [object] }, undefined, undefined, 'anywhere'), context)).toEqual({ pick: 'a', list: ['a'] });
    expect(evaluateValue(compileValue(object, undefined, undefined, 'root'), context)).toBe('a');
    // Not a selector here: a plain object whose context expression is evaluated like any other value.
    expect(evaluateValue(compileValue(object), context)).toEqual({ context: context.inputs!['order'], selector: '/items/0/id', type: 'jsonpointer' });
    const missing = compileValue({ context: '$inputs.order', selector: '/nope', type: 'jsonpointer' }, undefined, undefined, 'root');
    expect(explainValue(missing, context)).toEqual([{ path: [], expression: '/nope', reason: '/nope points at nothing in $inputs.order' }]);
    expect(evaluateValue(missing, context, () => '<later>')).toBe('<later>');
  });
});
