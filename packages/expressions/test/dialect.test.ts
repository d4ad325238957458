import { describe, expect, it } from 'vitest';
import { evaluateCriterion, ExpressionSyntaxError, parseCondition, parseExpression, parseTemplate, type CriterionResult, type RuntimeExpression } from '@loom/expressions';
// With the engine's name rewrite (DECISIONS D46), a parameter the public signature leaves out.
import { compileCriterion } from '../src/criteria/index.js';
import { compileValue, evaluateValue } from '../src/compile-value.js';
import { dottedNameRewrite, resolveDottedName } from '../src/declared-names.js';
import { indexDocument } from '../src/document-index.js';
import { printCondition } from '../src/printer.js';
import { readOperationPath } from '../src/operation-path.js';
import { validateExpressions } from '../src/validate-expressions.js';

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

describe('D46: a dotted name is resolved against the names the document declares', () => {
  const document = {
    workflows: [
      {
        workflowId: 'w',
        inputs: { type: 'object', properties: { user: {}, 'user.email': {}, 'a.b': {} } },
        steps: [
          { stepId: 's', outputs: { o: '$response.body', 'o.x': '$response.body' } },
          { stepId: 'child', workflowId: 'other' },
        ],
        outputs: { result: '$steps.s.outputs.o' },
      },
      { workflowId: 'other', inputs: { type: 'object' }, steps: [], outputs: { deep: '$inputs.x' } },
    ],
    components: { inputs: { x: { type: 'object' } } },
  };
  const index = indexDocument(document);
  const scope = { index, workflow: index.workflows.get('w') };
  const resolve = (text: string, childWorkflow?: string): RuntimeExpression =>
    resolveDottedName(parseExpression(text), { ...scope, childWorkflow: childWorkflow === undefined ? undefined : index.workflows.get(childWorkflow) });

  it.each([
    ['$inputs.user.email', 'user.email', undefined, undefined],
    ['$inputs.user.name', 'user', '/name', 'dot-path'],
    ['$inputs.a.b.c', 'a.b', '/c', 'dot-path'],
    ['$inputs.user.name#/first', 'user', '/name/first', 'dot-path'],
    ['$steps.s.outputs.o.x', 'o.x', undefined, undefined],
    ['$steps.s.outputs.o.y.0', 'o', '/y/0', 'dot-path'],
    ['$steps.child.outputs.deep.z', 'deep', '/z', 'dot-path'],
    ['$workflows.w.outputs.result.id', 'result', '/id', 'dot-path'],
    ['$components.inputs.x.y', 'x', '/y', 'dot-path'],
    ['$inputs.nothing.here', 'nothing.here', undefined, undefined],
  ])('D46: %s -> name %s, pointer %s', (text, name, pointer, dialect) => {
    const expression = resolve(text);
    expect(expression).toMatchObject({ name });
    expect((expression as { pointer?: { text: string } }).pointer?.text).toBe(pointer);
    expect(expression.dialect).toBe(dialect);
  });

  it('D46: $outputs in the outputs of a workflow step reads the child workflow\'s declared outputs', () => {
    expect(resolve('$outputs.deep.z', 'other')).toMatchObject({ name: 'deep', pointer: { text: '/z' }, dialect: 'dot-path' });
    expect(resolve('$outputs.deep.z')).toMatchObject({ name: 'deep.z', pointer: undefined });
  });

  it('D46: names a scope does not list (an inputs schema without properties) stay as written', () => {
    const open = resolveDottedName(parseExpression('$inputs.user.email'), { index, workflow: index.workflows.get('other') });
    expect(open).toMatchObject({ name: 'user.email', pointer: undefined });
    expect(open.dialect).toBeUndefined();
  });

  it('D46: the rewrite is applied when a value is compiled, and evaluation reads the member', () => {
    const rewrite = dottedNameRewrite(scope);
    const compiled = compileValue({ email: '$inputs.user.name', exact: '$inputs.user.email', text: 'hi {$inputs.user.name}' }, rewrite);
    const inputs = { user: { name: 'Ann' }, 'user.email': 'a@x.io' };
    expect(evaluateValue(compiled, { inputs })).toEqual({ email: 'Ann', exact: 'a@x.io', text: 'hi Ann' });
  });

  it('D46: in a simple condition a declared dotted name is read as itself; other dots dereference', () => {
    const rewrite = dottedNameRewrite(scope);
    const inputs = { user: { email: 'member@x.io', name: 'Ann' }, 'user.email': 'exact@x.io', 'a.b': { c: 1 } };
    const check = (condition: string) => (evaluateCriterion(compileCriterion({ condition }, rewrite), { inputs }) as CriterionResult).passed;
    expect(check("$inputs.user.email == 'exact@x.io'")).toBe(true);
    expect(check("$inputs.user.name == 'Ann'")).toBe(true);
    expect(check('$inputs.a.b.c == 1')).toBe(true);
    expect(check("$steps.s.outputs.o.x == null && !($inputs.user.email != 'exact@x.io')")).toBe(true);
    // Without the document's names, `.` is the spec's dereference.
    expect(evaluateCriterion(compileCriterion({ condition: "$inputs.user.email == 'member@x.io'" }), { inputs })).toEqual({ passed: true });
  });

  it('D46: a criterion context is rewritten when the criterion is compiled', () => {
    const criterion = compileCriterion({ context: '$inputs.user.tags', condition: '^a', type: 'regex' }, dottedNameRewrite(scope));
    expect(evaluateCriterion(criterion, { inputs: { user: { tags: 'abc' } } })).toEqual({ passed: true });
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

describe('D24: validateExpressions warns about each dialect use, with its fix', () => {
  const document = (step: Record<string, unknown>, inputs: Record<string, unknown> = { user: { type: 'object' } }) => ({
    sourceDescriptions: [{ name: 'api', url: './api.yaml' }],
    workflows: [
      {
        workflowId: 'w',
        inputs: { type: 'object', properties: inputs },
        steps: [{ stepId: 'prev', operationId: 'o', outputs: { track: '$response.body', artists: '$response.body#/artists' } }, { stepId: 'x', ...step }],
      },
    ],
  });
  const problems = (step: Record<string, unknown>, inputs?: Record<string, unknown>) => validateExpressions(document(step, inputs));

  it.each([
    [{ operationId: 'o', outputs: { id: '$response.body.data.id' } }, 'expression-dot-path', ['outputs', 'id'], 1, { start: 0, end: 22, text: '$response.body#/data/id' }],
    [{ operationId: 'o', parameters: [{ name: 'e', in: 'query', value: 'to {$inputs.user.email}' }] }, 'expression-dot-path', ['parameters', 0, 'value'], 5, { start: 4, end: 22, text: '$inputs.user#/email' }],
    [{ operationId: 'o', requestBody: { payload: { n: '$steps.prev.outputs.track.name' } } }, 'expression-dot-path', ['requestBody', 'payload', 'n'], 1, { start: 0, end: 30, text: '$steps.prev.outputs.track#/name' }],
    [{ operationId: 'o', successCriteria: [{ condition: "$statusCode == 200 && $response.body#/s == \"it's\"" }] }, 'expression-double-quoted-string', ['successCriteria', 0, 'condition'], 44, { start: 43, end: 49, text: "'it''s'" }],
    [{ operationId: 'o', successCriteria: [{ context: '{$response.body.items}', condition: '$[0]', type: 'jsonpath' }] }, 'expression-dot-path', ['successCriteria', 0, 'context'], 2, { start: 1, end: 21, text: '$response.body#/items' }],
    [{ operationPath: '$sourceDescriptions.api#/paths/~1a/get' }, 'operation-path-url', ['operationPath'], 1, { start: 0, end: 23, text: '{$sourceDescriptions.api.url}' }],
  ])('D24: %j -> %s', (step, code, path, column, fix) => {
    const found = problems(step);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code, severity: 'warning', path: ['workflows', 0, 'steps', 1, ...path], column, fix });
    expect(found[0]!.message).toContain(`write ${fix.text}`);
  });

  it('D46: an input literally named user.email is read as itself: no warning', () => {
    expect(problems({ operationId: 'o', outputs: { e: '$inputs.user.email' } }, { 'user.email': { type: 'string' } })).toEqual([]);
    expect(problems({ operationId: 'o', successCriteria: [{ condition: "$inputs.user.email == 'a'" }] }, { 'user.email': { type: 'string' } })).toEqual([]);
  });

  it('D24: the missing-outputs error keeps its fix only when the corrected expression names a declared output', () => {
    const [known] = problems({ operationId: 'o', outputs: { a: '$steps.prev.artists' } });
    expect(known).toMatchObject({ code: 'expression-missing-outputs', severity: 'error', column: 13, fix: { start: 0, end: 19, text: '$steps.prev.outputs.artists' } });
    expect(known!.message).toContain('did you mean $steps.prev.outputs.artists?');
    const [unknown] = problems({ operationId: 'o', outputs: { a: '$steps.prev.albums' } });
    expect(unknown).toMatchObject({ code: 'expression-missing-outputs', severity: 'error' });
    expect(unknown).not.toHaveProperty('fix');
    const [condition] = problems({ operationId: 'o', successCriteria: [{ condition: '$steps.prev.artists != null' }] });
    expect(condition).toMatchObject({ code: 'expression-missing-outputs', path: ['workflows', 0, 'steps', 1, 'successCriteria', 0, 'condition'], fix: { start: 0, end: 19, text: '$steps.prev.outputs.artists' } });
  });

  it('D24: when the corrected expression is itself a dot path, the fix writes the spec form at once', () => {
    const [found] = problems({ operationId: 'o', outputs: { a: 'name {$steps.prev.track.name}' } });
    expect(found).toMatchObject({ code: 'expression-missing-outputs', fix: { description: 'write $steps.prev.outputs.track#/name', start: 6, end: 28, text: '$steps.prev.outputs.track#/name' } });
    expect(found!.message).toContain('did you mean $steps.prev.outputs.track#/name?');
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

  it("D24: Respect's $inputs.env.X says how Loom passes environment values, with no fix", () => {
    const found = validateExpressions({
      workflows: [{ workflowId: 'w', inputs: { type: 'object', properties: { user: {} } }, steps: [{ stepId: 's', operationId: 'o', parameters: [{ name: 'k', in: 'header', value: '$inputs.env.API_KEY' }] }] }],
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'expression-unknown-input', severity: 'error', column: 1 });
    expect(found[0]!.message).toContain('declare an input API_KEY');
    expect(found[0]!.message).toContain('loom run --input API_KEY="$API_KEY"');
    expect(found[0]).not.toHaveProperty('fix');
  });

  it('D46: a workflow that declares an input env reads $inputs.env.X as a dot path', () => {
    const found = validateExpressions({
      workflows: [{ workflowId: 'w', inputs: { type: 'object', properties: { env: { type: 'object' } } }, steps: [{ stepId: 's', operationId: 'o', parameters: [{ name: 'k', in: 'header', value: '$inputs.env.API_KEY' }] }] }],
    });
    expect(found).toMatchObject([{ code: 'expression-dot-path', severity: 'warning', fix: { text: '$inputs.env#/API_KEY' } }]);
  });
});
