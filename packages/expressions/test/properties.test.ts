import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionNode, RuntimeExpression } from '@loom/expressions';
import { ExpressionSyntaxError, evaluateCondition, parseCondition, parseExpression, parseTemplate } from '@loom/expressions';
import { classifyString } from '../src/classify.js';
import { printCondition, printExpression, printTemplate } from '../src/printer.js';

/** Trees without offsets: what round-trips is the structure. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (key !== 'start' && key !== 'end') result[key] = strip(item);
    return result;
  }
  return value;
}

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
const pointerToken = fc.stringMatching(/^[A-Za-z0-9_~/.:@-]{0,6}$/);
const pointer = fc.option(
  fc.array(pointerToken, { maxLength: 4 }).map((tokens) => ({ text: tokens.map((token) => '/' + token.replace(/~/g, '~0').replace(/\//g, '~1')).join(''), tokens })),
  { nil: undefined },
);
const base = { type: 'Expression' as const, start: 0, end: 0 };

const expression: fc.Arbitrary<RuntimeExpression> = fc.oneof(
  fc.constantFrom('url' as const, 'method' as const, 'statusCode' as const).map((root) => ({ ...base, root })),
  fc.tuple(fc.constantFrom('request' as const, 'response' as const), name).map(([root, raw]) => ({ ...base, root, source: 'header' as const, name: raw.toLowerCase(), rawName: raw })),
  fc.tuple(fc.constantFrom('request' as const, 'response' as const), fc.constantFrom('query' as const, 'path' as const), name).map(([root, source, n]) => ({ ...base, root, source, name: n })),
  fc.tuple(fc.constantFrom('request' as const, 'response' as const), pointer).map(([root, p]) => ({ ...base, root, source: 'body' as const, pointer: p })),
  fc.tuple(fc.constantFrom('inputs' as const, 'outputs' as const), name, pointer).map(([root, n, p]) => ({ ...base, root, name: n, pointer: p })),
  fc.tuple(name, name, pointer).map(([stepId, n, p]) => ({ ...base, root: 'steps' as const, stepId, name: n, pointer: p })),
  fc.tuple(name, fc.constantFrom('inputs' as const, 'outputs' as const), name, pointer).map(([workflowId, field, n, p]) => ({ ...base, root: 'workflows' as const, workflowId, field, name: n, pointer: p })),
  fc.tuple(fc.constantFrom('inputs' as const, 'parameters' as const, 'successActions' as const, 'failureActions' as const), name, pointer).map(([section, n, p]) => ({ ...base, root: 'components' as const, section, name: n, pointer: p })),
);
const sourceExpression: fc.Arbitrary<RuntimeExpression> = fc.tuple(name, fc.option(name, { nil: undefined })).map(([sourceName, member]) => ({ ...base, root: 'sourceDescriptions' as const, sourceName, member }));

const literal: fc.Arbitrary<ConditionNode> = fc
  .oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ maxLength: 8 }))
  .map((value) => ({ type: 'Literal' as const, value, start: 0, end: 0 }));

const condition = fc.letrec<{ node: ConditionNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    expression,
    tie('node').map((operand) => ({ type: 'Not' as const, operand, start: 0, end: 0 })),
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||') as fc.Arbitrary<'=='>, tie('node'), tie('node')).map(([operator, left, right]) => ({ type: 'Binary' as const, operator, left, right, start: 0, end: 0 })),
    fc.tuple(tie('node'), name).map(([object, property]) => ({ type: 'Member' as const, object, property, start: 0, end: 0 })),
    fc.tuple(tie('node'), fc.oneof(fc.nat(), fc.string({ maxLength: 5 }))).map(([object, index]) => ({ type: 'Index' as const, object, index, start: 0, end: 0 })),
  ),
})).node;

describe('properties', () => {
  it('parseExpression(printExpression(ast)) round-trips', () => {
    fc.assert(fc.property(fc.oneof(expression, sourceExpression), (ast) => {
      expect(strip(parseExpression(printExpression(ast)))).toEqual(strip(ast));
    }));
  });

  it('parseCondition(printCondition(ast)) round-trips', () => {
    fc.assert(fc.property(condition, (ast) => {
      const printed = printCondition(ast);
      expect(strip(parseCondition(printed).body)).toEqual(strip(ast));
      expect(printCondition(parseCondition(printed))).toBe(printed);
    }), { numRuns: 300 });
  });

  it('parseTemplate(printTemplate(template)) round-trips', () => {
    const text = fc.stringMatching(/^[^{$]{1,10}$/);
    fc.assert(fc.property(fc.array(fc.oneof(text, fc.oneof(expression, sourceExpression)), { maxLength: 5 }), (items) => {
      const parts = items.map((item) => (typeof item === 'string' ? { type: 'Text' as const, value: item, start: 0, end: 0 } : { type: 'Slot' as const, expression: item, start: 0, end: 0 }));
      // Adjacent text parts merge when parsed, so compare printed forms.
      const printed = printTemplate({ source: '', parts });
      expect(printTemplate(parseTemplate(printed))).toBe(printed);
    }));
  });

  it('parsers throw nothing but ExpressionSyntaxError on arbitrary input', () => {
    const interesting = fc.oneof(
      fc.string({ unit: fc.constantFrom(...Array.from("$aeinpsu.#/~{}()[]'=!<>&| 09-")), maxLength: 40 }),
      fc.array(fc.constantFrom('$inputs', '$steps', '.outputs', '$response', '.body', '#/a', '.header', '.x', ' == ', ' && ', '(', ')', '{', '}', "'s'", '!', '[0]', '1', 'true'), { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), interesting), (text) => {
      for (const parse of [parseExpression, parseCondition, parseTemplate]) {
        try {
          parse(text);
        } catch (error) {
          if (!(error instanceof ExpressionSyntaxError)) throw error;
          if (error.column < 1 || error.column > text.length + 1) throw new Error(`column ${error.column} outside ${JSON.stringify(text)}`);
        }
      }
      classifyString(text);
    }), { numRuns: 500 });
  });

  it('deep nesting is a syntax error, not a stack overflow', () => {
    expect(() => parseCondition('('.repeat(10_000) + 'true' + ')'.repeat(10_000))).toThrow(ExpressionSyntaxError);
    expect(() => parseCondition('!'.repeat(10_000) + 'true')).toThrow(ExpressionSyntaxError);
    expect(parseCondition('('.repeat(100) + 'true' + ')'.repeat(100)).body).toMatchObject({ type: 'Literal', value: true });
  });

  it('evaluation always terminates with a boolean on arbitrary data', () => {
    const started = Date.now();
    fc.assert(fc.property(condition, fc.jsonValue(), fc.jsonValue(), (ast, body, input) => {
      const context = { statusCode: 200, response: { body, headers: {} }, inputs: { a: input }, steps: { s: { outputs: { o: body } } } };
      expect(typeof evaluateCondition({ source: printCondition(ast), body: ast }, context)).toBe('boolean');
    }), { numRuns: 500 });
    // Termination is counted by fast-check (500 runs, each a boolean); the clock catches an evaluator
    // gone exponential on some shape, which no counter here sees. Generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
