import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError, parseExpression } from '@loom/expressions';
import { printExpression } from '../src/printer.js';

/** Drops offsets so cases compare what was parsed. */
function shape(text: string): Record<string, unknown> {
  const { start: _start, end: _end, type: _type, ...rest } = parseExpression(text) as unknown as Record<string, unknown>;
  return rest;
}

const pointer = (text: string, tokens: string[]) => ({ text, tokens });

describe('runtime expressions: every ABNF alternative parses (Arazzo 1.0.1 §Runtime Expressions)', () => {
  const valid: [string, Record<string, unknown>][] = [
    ['$url', { root: 'url' }],
    ['$method', { root: 'method' }],
    ['$statusCode', { root: 'statusCode' }],
    ['$request.header.accept', { root: 'request', source: 'header', name: 'accept', rawName: 'accept' }],
    ['$response.header.Server', { root: 'response', source: 'header', name: 'server', rawName: 'Server' }],
    ['$response.header.X-Rate-Limit', { root: 'response', source: 'header', name: 'x-rate-limit', rawName: 'X-Rate-Limit' }],
    ["$request.header.a!#$%&'*+-.^_`|~9", { root: 'request', source: 'header', name: "a!#$%&'*+-.^_`|~9", rawName: "a!#$%&'*+-.^_`|~9" }],
    ['$request.query.page', { root: 'request', source: 'query', name: 'page' }],
    ['$request.path.id', { root: 'request', source: 'path', name: 'id' }],
    ['$response.query.filter.status', { root: 'response', source: 'query', name: 'filter.status' }],
    ['$request.body', { root: 'request', source: 'body', pointer: undefined }],
    ['$request.body#/user/uuid', { root: 'request', source: 'body', pointer: pointer('/user/uuid', ['user', 'uuid']) }],
    ['$response.body#/status', { root: 'response', source: 'body', pointer: pointer('/status', ['status']) }],
    ['$response.body#', { root: 'response', source: 'body', pointer: pointer('', []) }],
    ['$response.body#/a~1b/c~0d/', { root: 'response', source: 'body', pointer: pointer('/a~1b/c~0d/', ['a/b', 'c~d', '']) }],
    ['$response.body#/first name', { root: 'response', source: 'body', pointer: pointer('/first name', ['first name']) }],
    ['$inputs.username', { root: 'inputs', name: 'username', pointer: undefined }],
    ['$inputs.x-store-id', { root: 'inputs', name: 'x-store-id', pointer: undefined }],
    ['$inputs.order#/items/0', { root: 'inputs', name: 'order', pointer: pointer('/items/0', ['items', '0']) }],
    ['$outputs.bar', { root: 'outputs', name: 'bar', pointer: undefined }],
    ['$outputs.my.org.value', { root: 'outputs', name: 'my.org.value', pointer: undefined }],
    ['$steps.someStepId.outputs.pets', { root: 'steps', stepId: 'someStepId', name: 'pets', pointer: undefined }],
    ['$steps.someStepId.outputs.pets#/0/id', { root: 'steps', stepId: 'someStepId', name: 'pets', pointer: pointer('/0/id', ['0', 'id']) }],
    ['$steps.browser-authorize.outputs.code', { root: 'steps', stepId: 'browser-authorize', name: 'code', pointer: undefined }],
    ['$workflows.foo.inputs.username', { root: 'workflows', workflowId: 'foo', field: 'inputs', name: 'username', pointer: undefined }],
    ['$workflows.foo.outputs.mappedResponse#/name', { root: 'workflows', workflowId: 'foo', field: 'outputs', name: 'mappedResponse', pointer: pointer('/name', ['name']) }],
    ['$sourceDescriptions.petstore', { root: 'sourceDescriptions', sourceName: 'petstore', member: undefined }],
    ['$sourceDescriptions.petstore.url', { root: 'sourceDescriptions', sourceName: 'petstore', member: 'url' }],
    ['$sourceDescriptions.petstore.getPetById', { root: 'sourceDescriptions', sourceName: 'petstore', member: 'getPetById' }],
    ['$components.parameters.foo', { root: 'components', section: 'parameters', name: 'foo', pointer: undefined }],
    ['$components.inputs.pagination', { root: 'components', section: 'inputs', name: 'pagination', pointer: undefined }],
    ['$components.successActions.notify', { root: 'components', section: 'successActions', name: 'notify', pointer: undefined }],
    ['$components.failureActions.refreshToken', { root: 'components', section: 'failureActions', name: 'refreshToken', pointer: undefined }],
  ];
  it.each(valid)('%s', (text, expected) => {
    expect(shape(text)).toEqual(expected);
    expect(printExpression(parseExpression(text))).toBe(text);
  });

  it('records where the expression starts and ends', () => {
    expect(parseExpression('$inputs.a')).toMatchObject({ start: 0, end: 9 });
  });
});

describe('runtime expressions: invalid text fails at the right column with what was expected', () => {
  const invalid: [string, number, string][] = [
    ['', 1, "'$' to start a runtime expression"],
    ['inputs.a', 1, "'$' to start a runtime expression"],
    ['$', 2, 'an expression root'],
    ['$foo.bar', 2, 'an expression root'],
    ['$StatusCode', 2, 'an expression root'],
    ['$statusCodes', 2, 'an expression root'],
    ['$url.x', 5, 'end of expression'],
    ['$method ', 8, 'end of expression'],
    ['$request', 9, "'.' after $request"],
    ['$request.', 10, "'header', 'query', 'path' or 'body'"],
    ['$request.headers.x', 10, "'header', 'query', 'path' or 'body'"],
    ['$response.header', 17, "'.' after header"],
    ['$response.header.', 18, 'a header name'],
    ['$response.header.X Y', 19, 'end of expression'],
    ['$response.header.a(b)', 19, 'end of expression'],
    ['$request.query.', 16, 'a query parameter name'],
    ['$request.path', 14, "'.' after path"],
    ['$response.body/x', 15, 'end of expression'],
    ['$response.body#x', 16, "'/' to start a JSON pointer"],
    ['$response.body#/a~2', 19, "'0' or '1' after '~'"],
    ['$response.body#/a~', 19, "'0' or '1' after '~'"],
    ['$inputs', 8, "'.' after $inputs"],
    ['$inputs.', 9, 'an input name'],
    ['$inputs.a b', 10, 'end of expression'],
    ['$outputs.#/a', 10, 'an output name'],
    ['$steps', 7, "'.' after $steps"],
    ['$steps.', 8, 'a step id'],
    ['$steps.login', 13, "'.outputs.' after $steps.login"],
    ['$steps.login.outputs', 21, "'.' after $steps.login.outputs"],
    ['$steps.login.outputs.', 22, 'an output name'],
    ['$workflows.foo', 15, "'.inputs.' or '.outputs.' after $workflows.foo"],
    ['$workflows.foo.steps.x', 16, "'inputs' or 'outputs' after $workflows.foo."],
    ['$workflows.foo.inputs.', 23, 'an input name'],
    ['$sourceDescriptions', 20, "'.' after $sourceDescriptions"],
    ['$sourceDescriptions.', 21, 'a source description name'],
    ['$sourceDescriptions.x.', 23, "'url', an operationId or a workflowId"],
    ['$components', 12, "'.' after $components"],
    ['$components.schemas.x', 13, "'inputs', 'parameters', 'successActions' or 'failureActions'"],
    ['$components.parameters', 23, "'.' after $components.parameters"],
    ['$components.parameters.', 24, 'a component name'],
  ];
  it.each(invalid)('%j fails at column %i', (text, column, expected) => {
    let error: unknown;
    try {
      parseExpression(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    const syntax = error as ExpressionSyntaxError;
    expect(syntax.code).toBe('EXPR_SYNTAX');
    expect(syntax.column).toBe(column);
    expect(syntax.offset).toBe(column - 1);
    expect(syntax.expected).toContain(expected);
    expect(syntax.message).toContain(`at column ${column}`);
  });
});
