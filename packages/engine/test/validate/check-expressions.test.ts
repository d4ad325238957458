import { describe, expect, it } from 'vitest';
import { validateExpressions } from '../../src/validate/check-expressions.js';

const base = {
  arazzo: '1.0.1',
  info: { title: 't', version: '1' },
  sourceDescriptions: [{ name: 'petstore', url: './petstore.yaml', type: 'openapi' }],
  components: {
    inputs: { login: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } } },
    parameters: { page: { name: 'page', in: 'query', value: '$inputs.page' } },
    successActions: { notify: { name: 'notify', type: 'end' } },
    failureActions: { retry: { name: 'retry', type: 'retry', criteria: [{ condition: '$statusCode == 503' }] } },
  },
  workflows: [
    {
      workflowId: 'login',
      inputs: { $ref: '#/components/inputs/login' },
      steps: [
        {
          stepId: 'auth',
          operationId: '$sourceDescriptions.petstore.loginUser',
          parameters: [
            { name: 'username', in: 'query', value: '$inputs.username' },
            { reference: '$components.parameters.page', value: 2 },
          ],
          requestBody: { payload: { user: '$inputs.username', note: 'Price is $5.00', deep: ['{$inputs.password}'] } },
          successCriteria: [
            { condition: '$statusCode == 200' },
            { context: '$response.body', condition: '$[?@.token]', type: 'jsonpath' },
          ],
          onFailure: [{ reference: '$components.failureActions.retry' }],
          outputs: { token: '$response.body#/token', all: '$response.body' },
        },
        { stepId: 'me', operationPath: '{$sourceDescriptions.petstore.url}#/paths/~1me/get', parameters: [{ name: 'Authorization', in: 'header', value: 'Bearer {$steps.auth.outputs.token}' }] },
        { stepId: 'child', workflowId: 'profile' },
      ],
      outputs: { token: '$steps.auth.outputs.token', name: '$steps.child.outputs.name' },
    },
    {
      workflowId: 'profile',
      dependsOn: ['login'],
      steps: [{ stepId: 'get', operationId: 'getProfile', successCriteria: [{ condition: '$workflows.login.outputs.token != null' }] }],
      outputs: { name: '$response.body#/name' },
    },
  ],
};

function withWorkflowStep(step: Record<string, unknown>) {
  const copy = structuredClone(base) as typeof base & { workflows: { steps: unknown[] }[] };
  (copy.workflows[0] as { steps: unknown[] }).steps.push(step);
  return copy;
}

describe('validateExpressions', () => {
  it('finds nothing wrong in a correct document', () => {
    expect(validateExpressions(base)).toEqual([]);
  });

  it('never throws on malformed documents', () => {
    for (const document of [null, 42, 'x', [], { workflows: 'x' }, { workflows: [null, { steps: [null, { stepId: 1, successCriteria: [null, { condition: 1 }] }] }] }]) {
      expect(() => validateExpressions(document)).not.toThrow();
    }
  });

  it.each([
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$steps.auth.output.token' }] }, 'expression-missing-outputs', ['parameters', 0, 'value'], 13],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$inputs' }] }, 'expression-syntax', ['parameters', 0, 'value'], 8],
    [{ stepId: 'x', operationId: 'o', requestBody: { payload: { a: ['ok', 'id {$inputs.username'] } } }, 'expression-syntax', ['requestBody', 'payload', 'a', 1], 21],
    [{ stepId: 'x', operationId: 'o', successCriteria: [{ condition: '$statusCode = 200' }] }, 'expression-syntax', ['successCriteria', 0, 'condition'], 13],
    [{ stepId: 'x', operationId: 'o', successCriteria: [{ context: '$response.body', condition: '$[', type: 'jsonpath' }] }, 'criterion-invalid-jsonpath', ['successCriteria', 0, 'condition'], 3],
    [{ stepId: 'x', operationId: 'o', successCriteria: [{ context: '$response.body', condition: 'x', type: 'jmespath' }] }, 'criterion-unknown-type', ['successCriteria', 0, 'type'], undefined],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$steps.nope.outputs.token' }] }, 'expression-unknown-step', ['parameters', 0, 'value'], 1],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: 'Bearer {$steps.auth.outputs.tokn}' }] }, 'expression-unknown-output', ['parameters', 0, 'value'], 9],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$steps.me.outputs.id' }] }, 'expression-unknown-output', ['parameters', 0, 'value'], 1],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$steps.child.outputs.nope' }] }, 'expression-unknown-output', ['parameters', 0, 'value'], 1],
    [{ stepId: 'x', operationId: 'o', successCriteria: [{ condition: "$statusCode == 200 && $inputs.usernme == 'a'" }] }, 'expression-unknown-input', ['successCriteria', 0, 'condition'], 23],
    [{ stepId: 'x', operationId: 'o', successCriteria: [{ context: '$inputs.pwd', condition: 'a', type: 'regex' }] }, 'expression-unknown-input', ['successCriteria', 0, 'context'], 1],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$workflows.nope.outputs.x' }] }, 'expression-unknown-workflow', ['parameters', 0, 'value'], 1],
    [{ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$workflows.profile.outputs.x' }] }, 'expression-unknown-output', ['parameters', 0, 'value'], 1],
    [{ stepId: 'x', operationId: '$sourceDescriptions.petstor.getPet' }, 'expression-unknown-source', ['operationId'], 1],
    [{ stepId: 'x', workflowId: 'profile', outputs: { n: '$outputs.nope' } }, 'expression-unknown-output', ['outputs', 'n'], 1],
    [{ stepId: 'x', operationId: 'o', onFailure: [{ name: 'f', type: 'retry', criteria: [{ condition: '$steps.zzz.outputs.a' }] }] }, 'expression-unknown-step', ['onFailure', 0, 'criteria', 0, 'condition'], 1],
  ])('%j -> %s', (step, code, pathTail, column) => {
    const problems = validateExpressions(withWorkflowStep(step));
    expect(problems).toHaveLength(1);
    const problem = problems[0]!;
    expect(problem.code).toBe(code);
    expect(problem.severity).toBe('error');
    expect(problem.path).toEqual(['workflows', 0, 'steps', 3, ...pathTail]);
    expect(problem.column).toBe(column);
    expect(problem.message.length).toBeGreaterThan(10);
  });

  // An operationPath is a URL and a JSON Pointer, not a runtime expression: one problem each, at the character in error.
  it.each([
    ['missing opening brace', '$sourceDescriptions.petstore.url}#/paths/~1me/get', 'operation-path-format', 33],
    ['missing closing brace', '{$sourceDescriptions.petstore.url#/paths/~1me/get', 'operation-path-format', 34],
    ['missing #', '{$sourceDescriptions.petstore.url}/paths/~1me/get', 'operation-path-format', 35],
    ['nothing after #', '{$sourceDescriptions.petstore.url}#', 'operation-path-format', 36],
    ['bad ~ escape', '{$sourceDescriptions.petstore.url}#/paths/~2me/get', 'operation-path-format', 43],
    ['bad % escape', '{$sourceDescriptions.petstore.url}#/paths/%zzme/get', 'operation-path-format', 43],
    ['missing .url', '{$sourceDescriptions.petstore}#/paths/~1me/get', 'operation-path-format', 30],
    ['no $sourceDescriptions', 'petstore#/paths/~1me/get', 'operation-path-format', 1],
    ['no source name', '{$sourceDescriptions..url}#/paths/~1me/get', 'operation-path-format', 22],
    ['unknown source name', '{$sourceDescriptions.petstor.url}#/paths/~1me/get', 'operation-source-unknown', 22],
  ])('operationPath with %s (%s): one %s problem at column %s', (_what, operationPath, code, column) => {
    const problems = validateExpressions(withWorkflowStep({ stepId: 'x', operationPath }));
    expect(problems).toEqual([{ code, severity: 'error', message: expect.any(String), path: ['workflows', 0, 'steps', 3, 'operationPath'], column }]);
    if (code === 'operation-path-format') expect(problems[0]!.message).toContain('write {$sourceDescriptions.<name>.url}#<JSON Pointer>');
  });

  it('operationPath: the forms the resolver accepts are not problems', () => {
    for (const operationPath of [
      '{$sourceDescriptions.petstore.url}#/paths/~1me/get',
      '$sourceDescriptions.petstore.url#/paths/~1me/get',
      ' {$sourceDescriptions.petstore.url}#/paths/%7E1me/get ',
      '{$sourceDescriptions.petstore.url}#paths/~1me/get',
    ]) {
      expect(validateExpressions(withWorkflowStep({ stepId: 'x', operationPath })), operationPath).toEqual([]);
    }
  });

  it('D44: an output whose value holds no runtime expression is an error; an expression or a template is not', () => {
    const copy = withWorkflowStep({ stepId: 'x', operationId: 'o', outputs: { fixed: 'hello', id: '$response.body#/id', text: 'id {$response.body#/id}' } }) as any;
    copy.workflows[0].outputs.forgot = 'steps.auth.outputs.token';
    expect(validateExpressions(copy)).toEqual([
      { code: 'expression-output-literal', severity: 'error', message: expect.stringContaining("output fixed: 'hello' is not a runtime expression"), path: ['workflows', 0, 'steps', 3, 'outputs', 'fixed'] },
      { code: 'expression-output-literal', severity: 'error', message: expect.stringContaining('did you mean $steps.auth.outputs.token?'), path: ['workflows', 0, 'outputs', 'forgot'] },
    ]);
  });

  it('D7: a workflow step without outputs exposes the child outputs', () => {
    const ok = withWorkflowStep({ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$steps.child.outputs.name' }] });
    expect(validateExpressions(ok)).toEqual([]);
  });

  it('D7: a step running a workflow of another Arazzo document may expose outputs this document cannot see', () => {
    const copy = withWorkflowStep({ stepId: 'remote', workflowId: '$sourceDescriptions.flows.checkout' }) as any;
    copy.sourceDescriptions.push({ name: 'flows', url: './flows.arazzo.yaml', type: 'arazzo' });
    copy.workflows[0].outputs.orderId = '$steps.remote.outputs.orderId';
    expect(validateExpressions(copy)).toEqual([]);
    // A plain operation step that declares no outputs is still flagged.
    copy.workflows[0].outputs.bad = '$steps.x.outputs.orderId';
    copy.workflows[0].steps.push({ stepId: 'x', operationId: 'o' });
    expect(validateExpressions(copy).map((problem) => problem.code)).toEqual(['expression-unknown-output']);
  });

  it('D22: $-strings that are not expressions are left alone', () => {
    const ok = withWorkflowStep({ stepId: 'x', operationId: 'o', parameters: [{ name: 'a', in: 'query', value: '$HOME' }, { name: 'b', in: 'query', value: '$5.00' }] });
    expect(validateExpressions(ok)).toEqual([]);
  });

  it('D66: checks components and workflow outputs; dependsOn is left to the flow-target rules', () => {
    const copy = structuredClone(base) as any;
    copy.components.failureActions.retry.criteria[0].condition = '$statusCode == ';
    copy.workflows[0].outputs.bad = '$steps.ghost.outputs.x';
    copy.workflows[1].dependsOn.push('$sourceDescriptions.other.flow');
    expect(validateExpressions(copy).map((problem) => [problem.code, problem.path])).toEqual([
      ['expression-unknown-step', ['workflows', 0, 'outputs', 'bad']],
      ['expression-syntax', ['components', 'failureActions', 'retry', 'criteria', 0, 'condition']],
    ]);
  });

  it('E10: does not flag inputs when the schema opens itself up (additionalProperties, patternProperties, allOf/anyOf/oneOf)', () => {
    const opened = [{ additionalProperties: true }, { additionalProperties: { type: 'string' } }, { patternProperties: { '^x': {} } }, { allOf: [{}] }, { anyOf: [{}] }, { oneOf: [{}] }];
    for (const extra of opened) {
      const copy = structuredClone(base) as any;
      copy.components.inputs.login = { ...copy.components.inputs.login, ...extra };
      copy.workflows[0].steps[0].successCriteria.push({ condition: '$inputs.anything == 1' });
      expect(validateExpressions(copy), JSON.stringify(extra)).toEqual([]);
    }
    const closed = structuredClone(base) as any;
    closed.components.inputs.login.additionalProperties = false;
    closed.workflows[0].steps[0].successCriteria.push({ condition: '$inputs.anything == 1' });
    expect(validateExpressions(closed).map((problem) => problem.code)).toEqual(['expression-unknown-input']);
  });

  it('E10: does not flag inputs when the schema lists no properties', () => {
    const copy = structuredClone(base) as any;
    copy.workflows[1].steps[0].successCriteria.push({ condition: '$inputs.anything == 1' });
    expect(validateExpressions(copy)).toEqual([]);
  });
});
