import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '@loom/expressions';
import { evaluateExpression, explainMissing, parseExpression } from '@loom/expressions';

const context: EvaluationContext = {
  url: 'https://api.example.com/pets/7',
  method: 'POST',
  statusCode: 201,
  request: { headers: { accept: 'application/json' }, query: { page: 2 }, path: { id: 7 }, body: { user: { uuid: 'u-1' } } },
  response: {
    headers: { 'set-cookie': ['a=1', 'b=2'], server: 'nginx', 'X-Kept-Case': 'yes' },
    body: { status: 'ok', pets: [{ id: 10 }, { id: 11 }], 'a/b': 1, 'm~n': 2 },
  },
  inputs: { username: 'ada', order: { items: [5] }, zero: 0, nothing: null },
  outputs: { bar: 'baz' },
  steps: { login: { outputs: { token: 'T', pets: [{ id: 3 }] } }, silent: {} },
  workflows: { foo: { inputs: { username: 'bob' }, outputs: { mappedResponse: { name: 'Rex' } } } },
  sourceDescriptions: { petstore: { url: 'https://example.com/openapi.yaml', getPetById: { method: 'get' } } },
  components: { parameters: { page: { name: 'page', in: 'query', value: 1 } }, inputs: { pagination: { type: 'object' } } },
};

describe('evaluateExpression keeps the referenced value and its type', () => {
  it.each([
    ['$url', 'https://api.example.com/pets/7'],
    ['$method', 'POST'],
    ['$statusCode', 201],
    ['$request.header.Accept', 'application/json'],
    ['$request.query.page', 2],
    ['$request.path.id', 7],
    ['$request.body#/user/uuid', 'u-1'],
    ['$request.body', { user: { uuid: 'u-1' } }],
    ['$response.header.Server', 'nginx'],
    ['$response.header.SET-COOKIE', 'a=1, b=2'],
    ['$response.header.x-kept-case', 'yes'],
    ['$response.body#/pets/1/id', 11],
    ['$response.body#/a~1b', 1],
    ['$response.body#/m~0n', 2],
    ['$response.body#', { status: 'ok', pets: [{ id: 10 }, { id: 11 }], 'a/b': 1, 'm~n': 2 }],
    ['$inputs.username', 'ada'],
    ['$inputs.order#/items/0', 5],
    ['$inputs.zero', 0],
    ['$inputs.nothing', null],
    ['$outputs.bar', 'baz'],
    ['$steps.login.outputs.token', 'T'],
    ['$steps.login.outputs.pets#/0/id', 3],
    ['$workflows.foo.inputs.username', 'bob'],
    ['$workflows.foo.outputs.mappedResponse#/name', 'Rex'],
    ['$sourceDescriptions.petstore.url', 'https://example.com/openapi.yaml'],
    ['$sourceDescriptions.petstore.getPetById', { method: 'get' }],
    ['$components.parameters.page', { name: 'page', in: 'query', value: 1 }],
    ['$components.inputs.pagination#/type', 'object'],
  ])('%s', (text, expected) => {
    expect(evaluateExpression(parseExpression(text), context)).toEqual(expected);
  });

  it('returns the very object from the context (no copy)', () => {
    expect(evaluateExpression(parseExpression('$response.body'), context)).toBe(context.response?.body);
  });

  it.each([
    '$response.body#/pets/-',
    '$response.body#/pets/01',
    '$response.body#/pets/2',
    '$response.body#/status/x',
    '$inputs.toString',
    '$inputs.__proto__',
    '$inputs.username#/length',
    '$steps.login.outputs.constructor',
  ])('E9: %s is undefined, never a prototype member', (text) => {
    expect(evaluateExpression(parseExpression(text), context)).toBeUndefined();
  });
});

describe('E5: header lookup', () => {
  it('E5: a repeated header reads as its values joined with ", "', () => {
    expect(evaluateExpression(parseExpression('$response.header.Set-Cookie'), context)).toBe('a=1, b=2');
  });
  it("E5: a header kept in the caller's case is still found", () => {
    expect(evaluateExpression(parseExpression('$response.header.X-KEPT-CASE'), context)).toBe('yes');
  });
});

describe('explainMissing says why a value is missing', () => {
  it.each([
    ['$steps.login.outputs.nope', {}, undefined],
    ['$steps.login.outputs.nope', context, 'step login has no output nope'],
    ['$steps.logout.outputs.token', context, 'step logout has not run'],
    ['$steps.silent.outputs.token', context, 'step silent has no output token'],
    ['$inputs.customerEmail', context, 'input customerEmail was not supplied'],
    ['$inputs.order#/items/3', context, "input order has nothing at /items/3 (no '3' in /items, which is an array of 1)"],
    ['$outputs.x', context, 'output x has no value'],
    ['$statusCode', {}, 'no response has been received'],
    ['$url', {}, 'no request has been sent'],
    ['$response.header.ETag', context, 'the response has no header ETag'],
    ['$response.body#/status/code', context, "the response body has nothing at /status/code (no 'code' in /status, which is a string)"],
    ['$response.body', { response: {} }, 'the response has no body'],
    ['$request.query.limit', context, 'the request has no query parameter limit'],
    ['$workflows.bar.outputs.x', context, 'workflow bar has not run'],
    ['$workflows.foo.outputs.x', context, 'workflow foo has no output x'],
    ['$sourceDescriptions.nope.url', context, 'there is no source description nope'],
    ['$components.parameters.nope', context, 'components.parameters has no nope'],
  ])('%s', (text, ctx, expected) => {
    const expression = parseExpression(text);
    if (expected === undefined) {
      expect(explainMissing(parseExpression('$steps.login.outputs.token'), context)).toBeUndefined();
      return;
    }
    expect(evaluateExpression(expression, ctx)).toBeUndefined();
    expect(explainMissing(expression, ctx)).toContain(expected);
  });
});
