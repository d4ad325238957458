import { describe, expect, it } from 'vitest';
import { evaluateCriterion, parseExpression, type CriterionResult, type RuntimeExpression } from '@loom/expressions';
import { compileCriterion } from '../../../expressions/src/criteria/index.js';
import { compileValue, evaluateValue } from '../../../expressions/src/compile-value.js';
import { dottedNameRewrite, resolveDottedName } from '../../../expressions/src/declared-names.js';
import { documentScope, indexDocument } from '../../src/model/document-names.js';
import { validateExpressions } from '../../src/validate/check-expressions.js';

// Moved from packages/expressions/test/dialect.test.ts: the names a document declares are the engine's to know.

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
  const scope = documentScope(index, index.workflows.get('w'));
  const resolve = (text: string, childWorkflow?: string): RuntimeExpression =>
    resolveDottedName(parseExpression(text), documentScope(index, index.workflows.get('w'), childWorkflow === undefined ? undefined : index.workflows.get(childWorkflow)));

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
    const open = resolveDottedName(parseExpression('$inputs.user.email'), documentScope(index, index.workflows.get('other')));
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
