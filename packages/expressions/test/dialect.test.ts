import { describe, expect, it } from 'vitest';
import { evaluateCriterion, ExpressionSyntaxError, parseCondition, parseExpression, parseTemplate, type CriterionResult, type RuntimeExpression } from '@loom/expressions';
import { compileCriterion } from '../src/criteria/index.js';
import { compileValue, evaluateValue } from '../src/compile-value.js';
import { printCondition } from '../src/printer.js';
import { readOperationPath } from '../src/operation-path.js';
import { resolveDottedName } from '../src/declared-names.js';

function syntaxErrorOf(parse: () => unknown): ExpressionSyntaxError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('D24: a dot path after a body is read as a JSON Pointer', () => {
  it.each([
    ['$response.body.data.id', '/data/id', ['data', 'id']],
    ['$request.body.x', '/x', ['x']],
    ['$response.body.items.0.name', '/items/0/name', ['items', '0', 'name']],
    ['$response.body.a~b.c/d', '/a~0b/c~1d', ['a~b', 'c/d']],
  ])('D24: %s means the pointer %s', (text, pointer, tokens) => {
    const expression = parseExpression(text);
    expect(expression).toMatchObject({ root: text.startsWith('$request') ? 'request' : 'response', source: 'body', dialect: 'dot-path', pointer: { text: pointer, tokens } });
  });

  it('D24: inside a template the path ends at the closing brace, and the value is read through it', () => {
    const template = parseTemplate('id={$response.body.data.id}!');
    const slot = template.parts[1];
    expect(slot).toMatchObject({ type: 'Slot', expression: { pointer: { text: '/data/id' }, dialect: 'dot-path', start: 4, end: 26 } });
    const compiled = compileValue('id={$response.body.data.id}!');
    expect(evaluateValue(compiled, { response: { body: { data: { id: 7 } } } })).toBe('id=7!');
  });

  it('D24: in a condition `.` stays the spec\'s property dereference, not a dialect form', () => {
    const condition = parseCondition('$response.body.data.id == 7');
    expect(condition.body).toMatchObject({ left: { type: 'Member', property: 'id', object: { type: 'Member', property: 'data' } } });
  });

  it('D24: an empty segment is a syntax error at its column', () => {
    expect(syntaxErrorOf(() => parseExpression('$response.body.data..id')).column).toBe(21);
    expect(syntaxErrorOf(() => parseExpression('$response.body.')).column).toBe(16);
  });
});

describe('D47: double-quoted string literals in a simple condition', () => {
  it('D47: read as the single-quoted literal, marked, and printed in single quotes', () => {
    const condition = parseCondition('$response.body#/status == "ok"');
    expect(condition.body).toMatchObject({ right: { type: 'Literal', value: 'ok', dialect: 'double-quoted', start: 26, end: 30 } });
    expect(printCondition(condition)).toBe("$response.body#/status == 'ok'");
  });

  it("D47: \"\" inside is one quote, a single quote inside is doubled in the spec form, backslashes are themselves", () => {
    expect(parseCondition('$x == "say ""hi"""'.replace('$x', '$statusCode')).body).toMatchObject({ right: { value: 'say "hi"' } });
    const condition = parseCondition('$statusCode == "it\'s \\n"');
    expect(condition.body).toMatchObject({ right: { value: "it's \\n" } });
    expect(printCondition(condition)).toBe("$statusCode == 'it''s \\n'");
  });

  it('D47: compares like the single-quoted literal (case-insensitive, D2)', () => {
    const criterion = compileCriterion({ condition: '$response.body#/status == "OK"' });
    expect(evaluateCriterion(criterion, { response: { body: { status: 'ok' } } })).toEqual({ passed: true });
  });

  it('D47: an unclosed double-quoted string is a syntax error naming the quote', () => {
    expect(syntaxErrorOf(() => parseCondition('$statusCode == "ok')).message).toContain('a closing "');
  });
});

describe('D24: $steps.<id>.<name> without .outputs. is an error that offers the corrected expression', () => {
  it('D24: the error says the spec form and carries the corrected expression as its fix', () => {
    const error = syntaxErrorOf(() => parseExpression('$steps.getTrack.artists'));
    expect(error.code).toBe('EXPR_MISSING_OUTPUTS');
    expect(error.message).toContain('did you mean $steps.getTrack.outputs.artists?');
    expect(error.column).toBe(17);
    expect(error.fix).toEqual({ description: 'write $steps.getTrack.outputs.artists', start: 0, end: 23, text: '$steps.getTrack.outputs.artists' });
  });

  it('D24: a mistyped keyword (output, Outputs) is replaced rather than kept', () => {
    expect(syntaxErrorOf(() => parseExpression('$steps.s.output.token')).fix).toEqual({ description: 'write $steps.s.outputs.token', start: 0, end: 21, text: '$steps.s.outputs.token' });
    expect(syntaxErrorOf(() => parseTemplate('Bearer {$steps.s.Outputs.token}')).fix).toMatchObject({ start: 8, end: 30, text: '$steps.s.outputs.token' });
  });

  it('D24: nothing that would parse after the insertion: no fix', () => {
    expect(syntaxErrorOf(() => parseExpression('$steps.s.')).fix).toBeUndefined();
    expect(syntaxErrorOf(() => parseExpression('$steps.s.#/a')).fix).toBeUndefined();
  });
});

describe("D24: Redocly's operationPath form", () => {
  it('D24: $sourceDescriptions.<name>#/paths/... reads, with the edit to the spec form', () => {
    const reading = readOperationPath('$sourceDescriptions.petStore#/paths/~1pets/get');
    expect(reading).toEqual({
      ok: true,
      sourceName: 'petStore',
      nameColumn: 21,
      pointer: '/paths/~1pets/get',
      fix: { description: 'write {$sourceDescriptions.petStore.url}', start: 0, end: 28, text: '{$sourceDescriptions.petStore.url}' },
    });
  });

  it('D24: the spec form has no fix; a bad pointer in the Redocly form is still an error at its column', () => {
    expect(readOperationPath('{$sourceDescriptions.petStore.url}#/paths/~1pets/get')).not.toHaveProperty('fix');
    expect(readOperationPath('$sourceDescriptions.petStore#/paths/~2pets/get')).toMatchObject({ ok: false, column: 37 });
    expect(readOperationPath('{$sourceDescriptions.petStore}#/paths/~1pets/get')).toMatchObject({ ok: false });
  });
});

describe('D24: forms Loom does not accept are explained', () => {
  const compileError = (context: string, condition: string) => syntaxErrorOf(() => compileCriterion({ context, condition, type: 'jsonpath' }));

  it('D24: a JSONPath comparison says what a JSONPath criterion is and gives a simple criterion that works', () => {
    const error = compileError('$response.body', '$.items.length > 0');
    expect(error.code).toBe('EXPR_INVALID_JSONPATH');
    expect(error.column).toBe(16);
    expect(error.message).toContain('a JSONPath criterion is an RFC 9535 query, not a comparison: it holds when the query selects at least one node');
    expect(error.message).toContain('condition: $response.body.items.length > 0');
    expect(error.message).toContain('the filter $[?length(@.items) > 0]');
    expect(error.fix).toBeUndefined();
    expect(compileError('$response.body#/data', '$.status == "ok"').message).toContain("condition: ($response.body#/data).status == 'ok'");
    expect(compileError('$response.body', '$.length == 0').message).not.toContain('the filter');
  });

  it.each([
    ['$response.body.length == 0', { response: { body: [] } }, true],
    ['$response.body.length == 0', { response: { body: [1] } }, false],
    ['$response.body.items.length > 0', { response: { body: { items: [1] } } }, true],
    ["($response.body#/data).status == 'ok'", { response: { body: { data: { status: 'OK' } } } }, true],
  ])('D24: the advised simple criterion %s works', (condition, context, passed) => {
    expect(evaluateCriterion(compileCriterion({ condition }), context)).toMatchObject({ passed });
  });

  it('D24: the advised filter works on an object context', () => {
    const criterion = compileCriterion({ context: '$response.body', condition: '$[?length(@.items) > 0]', type: 'jsonpath' });
    expect(evaluateCriterion(criterion, { response: { body: { items: [1] } } })).toEqual({ passed: true });
    expect(evaluateCriterion(criterion, { response: { body: { items: [] } } })).toMatchObject({ passed: false });
  });

});

describe('D46: the names a place declares come from the caller', () => {
  it('D46: a NameScope is all the package needs; it knows no Arazzo document', async () => {
    const scope = { declaredNames: (expression: { root: string }) => (expression.root === 'inputs' ? new Set(['user']) : undefined) };
    expect(resolveDottedName(parseExpression('$inputs.user.email'), scope)).toMatchObject({ name: 'user', pointer: { text: '/email' }, dialect: 'dot-path' });
    expect(resolveDottedName(parseExpression('$steps.s.outputs.a.b'), scope)).toMatchObject({ name: 'a.b', pointer: undefined });
    const exported = Object.keys(await import('@loom/expressions'));
    expect(exported.filter((name) => ['validateExpressions', 'indexDocument'].includes(name))).toEqual([]);
  });
});
