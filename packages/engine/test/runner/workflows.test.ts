import { describe, expect, it } from 'vitest';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';
import { loadFromFiles, openapi } from './workspace.js';

const PATHS = `  /users/{id}:
    get:
      operationId: getUser
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /audit:
    post:
      operationId: audit
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
  /fail:
    get: { operationId: fail, responses: { '500': { description: no } } }
`;

const users = (request: { url: string }) => {
  const id = /\/users\/(\w+)/.exec(request.url)?.[1];
  return id ? { body: { id, name: `user-${id}` } } : request.url === '/fail' ? { status: 500, body: {} } : { body: { logged: true } };
};

describe('workflows: nested, goto, dependsOn, other documents', () => {
  it('D7 + D8: a workflow step passes its parameters as the child inputs and exposes the child outputs', async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    inputs: { type: object, properties: { who: { type: string } } }
    steps:
      - stepId: fetchOne
        workflowId: fetchUser
        parameters: [{ name: userId, value: $inputs.who }]
      - stepId: fetchTwo
        workflowId: fetchUser
        parameters: [{ name: userId, value: 'second' }]
        outputs:
          shout: $outputs.name
    outputs:
      first: $steps.fetchOne.outputs.name
      second: $steps.fetchTwo.outputs.shout
      childInputs: $workflows.fetchUser.inputs.userId
  - workflowId: fetchUser
    inputs: { type: object, required: [userId], properties: { userId: { type: string } } }
    steps:
      - stepId: get
        operationId: getUser
        parameters: [{ name: id, in: path, value: $inputs.userId }]
        outputs: { name: $response.body#/name }
    outputs: { name: $steps.get.outputs.name }
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'main', inputs: { who: 'ann' } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /users/ann', 'GET /users/second']);
    // D7: without outputs the step exposes the child's; with outputs, $outputs reads the child's.
    // $workflows.<id>.inputs holds the latest run of that workflow.
    expect(result.outputs).toEqual({ first: 'user-ann', second: 'user-second', childInputs: 'second' });
    expect(stepSummary(result)).toEqual([
      { stepId: 'get', status: 'success', attempts: 1, statusCode: 200 },
      // R11: a workflow step reports its child's last status.
      { stepId: 'fetchOne', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'get', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'fetchTwo', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(result.steps.map((step) => step.workflowId)).toEqual(['fetchUser', 'main', 'fetchUser', 'main']);
    expect(events.filter((event) => event.type === 'workflow.start')).toMatchObject([
      { workflowId: 'main', depth: 0, reason: 'run' },
      { workflowId: 'fetchUser', depth: 1, reason: 'step' },
      { workflowId: 'fetchUser', depth: 1, reason: 'step' },
    ]);
  });

  it('D8: a child workflow that rejects the step parameters fails the step before any request', async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    steps:
      - stepId: call
        workflowId: fetchUser
        parameters: [{ name: userId, value: 42 }]
  - workflowId: fetchUser
    inputs: { type: object, required: [userId], properties: { userId: { type: string } } }
    steps:
      - { stepId: get, operationId: getUser, parameters: [{ name: id, in: path, value: $inputs.userId }] }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'main' });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/fetchUser rejected its inputs: input userId must be string/);
    expect(server.received).toHaveLength(0);
  });

  it("R11: a workflow step's criteria and outputs read the child's last response ($statusCode, $response)", async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    steps:
      - stepId: call
        workflowId: child
        successCriteria:
          - condition: $statusCode == 200 && $response.body#/name == 'user-7'
        outputs:
          name: $response.body#/name
          via: $outputs.id
    outputs:
      name: $steps.call.outputs.name
      via: $steps.call.outputs.via
  - workflowId: child
    steps:
      - stepId: read
        operationId: getUser
        parameters: [{ name: id, in: path, value: '7' }]
        outputs: { id: $response.body#/id }
    outputs:
      id: $steps.read.outputs.id
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'main' });
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ name: 'user-7', via: '7' });
    expect(result.steps.map((step) => [step.stepId, step.statusCode])).toEqual([
      ['read', 200],
      ['call', 200],
    ]);
  });

  it('D9: a workflow step fails when its child workflow fails, and the reason says why', async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    steps:
      - { stepId: call, workflowId: broken }
  - workflowId: broken
    steps:
      - { stepId: boom, operationId: fail }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'main' });
    expect(result.status).toBe('failure');
    expect(result.error).toMatchObject({ stepId: 'call', workflowId: 'main' });
    expect(result.error?.message).toMatch(/workflow broken failed: step boom failed: status 500 is not 2xx/);
  });

  it("D16 + R2: goto a workflow transfers control for good with the current inputs; the run status is the target status; the caller's outputs are still evaluated", async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    inputs: { type: object, properties: { userId: { type: string } } }
    steps:
      - stepId: first
        operationId: getUser
        parameters: [{ name: id, in: path, value: start }]
        onSuccess:
          - { name: handOver, type: goto, workflowId: fetchUser }
      - stepId: never
        operationId: getUser
        parameters: [{ name: id, in: path, value: never }]
    outputs:
      handedTo: $workflows.fetchUser.outputs.name
  - workflowId: fetchUser
    inputs: { type: object, required: [userId], properties: { userId: { type: string } } }
    steps:
      - stepId: get
        operationId: getUser
        parameters: [{ name: id, in: path, value: $inputs.userId }]
        outputs: { name: $response.body#/name }
    outputs: { name: $steps.get.outputs.name }
  - workflowId: failing
    steps:
      - stepId: first
        operationId: getUser
        parameters: [{ name: id, in: path, value: x }]
        onSuccess:
          - { name: handOver, type: goto, workflowId: broken }
  - workflowId: broken
    steps:
      - { stepId: boom, operationId: fail }
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'main', inputs: { userId: 'zed' } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /users/start', 'GET /users/zed']);
    // R2: the caller's outputs are evaluated after the transfer, with $workflows.<target> available.
    expect(result.outputs).toEqual({ handedTo: 'user-zed' });
    expect(events.filter((event) => event.type === 'workflow.start').map((event) => event.type === 'workflow.start' && event.reason)).toEqual(['run', 'goto']);

    const failed = await runRecorded(loaded, { workflowId: 'failing' });
    expect(failed.result.status).toBe('failure');
    expect(failed.result.error).toMatchObject({ stepId: 'boom', workflowId: 'broken' });
  });

  it('D15: dependsOn runs each dependency first with the same inputs, once, and exposes its outputs', async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    dependsOn: [prepare, login]
    inputs: { type: object, properties: { userId: { type: string } } }
    steps:
      - stepId: use
        operationId: audit
        requestBody:
          payload: { by: $workflows.login.outputs.name, prepared: $workflows.prepare.outputs.name }
    outputs: { loginInput: $workflows.login.inputs.userId }
  - workflowId: login
    inputs: { type: object, properties: { userId: { type: string } } }
    steps:
      - { stepId: get, operationId: getUser, parameters: [{ name: id, in: path, value: $inputs.userId }], outputs: { name: $response.body#/name } }
    outputs: { name: $steps.get.outputs.name }
  - workflowId: prepare
    dependsOn: [login]
    steps:
      - { stepId: get, operationId: getUser, parameters: [{ name: id, in: path, value: prep }], outputs: { name: $response.body#/name } }
    outputs: { name: $steps.get.outputs.name }
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'main', inputs: { userId: 'kim' } });
    expect(result.status).toBe('success');
    // login runs once (as prepare's dependency), then prepare, then main's step.
    expect(lines(server)).toEqual(['GET /users/kim', 'GET /users/prep', 'POST /audit']);
    expect(JSON.parse(server.received[2]!.body.toString())).toEqual({ by: 'user-kim', prepared: 'user-prep' });
    expect(result.outputs).toEqual({ loginInput: 'kim' });
    expect(events.filter((event) => event.type === 'workflow.start')).toMatchObject([
      { workflowId: 'main', reason: 'run' },
      { workflowId: 'prepare', reason: 'dependsOn', depth: 1 },
      { workflowId: 'login', reason: 'dependsOn', depth: 2 },
    ]);
  });

  it('D15: a dependency that fails fails the dependent workflow before its first step', async () => {
    const server = await scriptedServer(users);
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: main
    dependsOn: [broken]
    steps:
      - { stepId: use, operationId: getUser, parameters: [{ name: id, in: path, value: x }] }
  - workflowId: broken
    steps:
      - { stepId: boom, operationId: fail }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'main' });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/^dependency broken failed: step boom failed/);
    expect(result.error).toMatchObject({ workflowId: 'main', stepId: 'boom' });
    expect(lines(server)).toEqual(['GET /fail']);
  });

  it('runs a workflow of a second Arazzo document ($sourceDescriptions.<name>.<workflowId>) with its own sources and components', async () => {
    const server = await scriptedServer(users);
    const other = await scriptedServer(() => ({ body: { from: 'other' } }));
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `${HEADER}  - { name: shared, url: ./shared.arazzo.yaml, type: arazzo }
workflows:
  - workflowId: main
    steps:
      - stepId: remote
        workflowId: $sourceDescriptions.shared.tagged
        parameters: [{ name: tag, value: blue }]
        # The validator does not yet apply D7 to workflows of other documents, so the outputs are spelled out.
        outputs: { from: $outputs.from }
      - stepId: local
        operationId: getUser
        parameters: [{ name: id, in: path, value: $steps.remote.outputs.from }]
    outputs: { from: $steps.remote.outputs.from }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
      'shared.arazzo.yaml': `arazzo: 1.0.1
info: { title: shared, version: 1.0.0 }
sourceDescriptions:
  - { name: tags, url: ./tags.openapi.yaml, type: openapi }
workflows:
  - workflowId: tagged
    inputs: { $ref: '#/components/inputs/tagInput' }
    steps:
      - stepId: find
        operationId: findTags
        parameters:
          - reference: $components.parameters.tagFilter
            value: $inputs.tag
          - reference: $components.parameters.limit
        outputs: { from: $response.body#/from }
    outputs: { from: $steps.find.outputs.from }
components:
  inputs:
    tagInput: { type: object, required: [tag], properties: { tag: { type: string } } }
  parameters:
    tagFilter: { name: tag, in: query, value: default }
    limit: { name: limit, in: query, value: 5 }
`,
      'tags.openapi.yaml': openapi(
        other.url,
        `  /tags:
    get:
      operationId: findTags
      responses: { '200': { description: ok } }
`,
      ),
    });
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(other)).toEqual(['GET /tags?tag=blue&limit=5']);
    expect(lines(server)).toEqual(['GET /users/other']);
    expect(result.outputs).toEqual({ from: 'other' });
    expect(result.steps.map((step) => `${step.workflowId}/${step.stepId}`)).toEqual(['tagged/find', 'main/remote', 'main/local']);
  });
});
