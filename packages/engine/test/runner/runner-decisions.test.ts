/**
 * Runner decisions (docs/decisions.md R3, R5, R7, R8, R10) that no other runner test names,
 * each over real HTTP to a local server.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@loom/engine';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';

const PATHS = `  /a:
    get: { operationId: getA, responses: { '200': { description: ok } } }
  /b:
    get: { operationId: getB, responses: { '200': { description: ok } } }
  /c:
    get:
      operationId: getC
      parameters: [{ name: code, in: query, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

describe('runner decisions', () => {
  it("R3: a failed step's outputs are evaluated, so its failure action's criteria and the step reached by goto read what the failed response said", async () => {
    const server = await scriptedServer((request) => (request.url === '/a' ? { status: 409, body: { code: 'conflict' } } : { body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        outputs: { code: $response.body#/code }
        onFailure:
          - { name: other, type: end, criteria: [{ condition: $steps.a.outputs.code == 'gone' }] }
          - { name: onConflict, type: goto, stepId: c, criteria: [{ condition: $steps.a.outputs.code == 'conflict' }] }
      - { stepId: b, operationId: getB }
      - stepId: c
        operationId: getC
        parameters: [{ name: code, in: query, value: $steps.a.outputs.code }]
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /a', 'GET /c?code=conflict']);
    expect(events.filter((event) => event.type === 'action')).toMatchObject([{ stepId: 'a', name: 'onConflict', action: 'goto', targetStepId: 'c' }]);
  });

  it('R5: maxSteps counts every attempt: retries and the steps a retry runs first count too', async () => {
    const server = await scriptedServer((request) => (request.url === '/a' ? { status: 503, body: {} } : { body: {} }));
    const retrying = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: again, type: retry, retryLimit: 10 }
`,
      server.url,
      PATHS,
    );
    const plain = await runRecorded(retrying, { maxSteps: 3 });
    expect(plain.result.status).toBe('failure');
    expect(lines(server)).toEqual(['GET /a', 'GET /a', 'GET /a']);
    expect(plain.result.error?.message).toMatch(/3 steps \(maxSteps\)/);

    server.received.length = 0;
    const withTarget = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: refreshThenRetry, type: retry, stepId: b, retryLimit: 10 }
      - { stepId: b, operationId: getB }
`,
      server.url,
      PATHS,
    );
    const targeted = await runRecorded(withTarget, { maxSteps: 4 });
    expect(targeted.result.status).toBe('failure');
    // a, then b (the retry target), a again, b again: four attempts, then the limit.
    expect(lines(server)).toEqual(['GET /a', 'GET /b', 'GET /a', 'GET /b']);
    expect(targeted.result.error?.message).toMatch(/4 steps \(maxSteps\)/);
  });

  it('R7: a step whose request cannot be built sends nothing and goes through onFailure like any failure', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, properties: { id: { type: string } } }
    steps:
      - stepId: get
        operationId: getItem
        parameters: [{ name: id, in: path, value: $inputs.id }]
        onFailure:
          - { name: fallback, type: goto, stepId: list }
      - { stepId: never, operationId: getA }
      - { stepId: list, operationId: getB }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /b']);
    expect(stepSummary(result)).toEqual([
      { stepId: 'get', status: 'failure', attempts: 1 },
      { stepId: 'list', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(result.steps[0]!.reason).toMatch(/^cannot build the request: .*id/);
  });

  it('R8: the credentials of a Bearer header are a secret wherever they show up alone', async () => {
    const TOKEN = 'plain-credential-7777';
    const server = await scriptedServer((request) =>
      request.url === '/a' ? { body: { value: TOKEN } } : { body: { seen: String(request.headers['authorization']).slice('Bearer '.length) } },
    );
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: login
        operationId: getA
        outputs: { value: $response.body#/value }
      - stepId: use
        operationId: getB
        parameters: [{ name: Authorization, in: header, value: 'Bearer {$steps.login.outputs.value}' }]
        outputs: { seen: $response.body#/seen }
    outputs:
      token: $steps.login.outputs.value
      seen: $steps.use.outputs.seen
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { maskSecrets: true });
    expect(result.status).toBe('success');
    expect(server.received[1]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    // Once sent in the Authorization header, the token alone is masked: in the echoing response and in the outputs.
    const useResponse = events.find((event) => event.type === 'response' && event.stepId === 'use') as Extract<RunEvent, { type: 'response' }>;
    expect(useResponse.body).toEqual({ seen: '****' });
    expect(result.outputs).toEqual({ token: '****', seen: '****' });
    expect(JSON.stringify(events.at(-1))).not.toContain(TOKEN);
  });

  it("R8: a nested workflow's secret inputs are masked like the run's own", async () => {
    const PIN = 'pin-5555-xyz';
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: parent
    steps:
      - stepId: child
        workflowId: unlock
        parameters: [{ name: pin, value: ${PIN} }]
  - workflowId: unlock
    inputs: { type: object, properties: { pin: { type: string, format: password } } }
    steps:
      - stepId: send
        operationId: getC
        parameters: [{ name: code, in: query, value: $inputs.pin }]
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'parent' });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual([`GET /c?code=${PIN}`]);
    const request = events.find((event) => event.type === 'request') as Extract<RunEvent, { type: 'request' }>;
    expect(request.url).toMatch(/\/c\?code=\*\*\*\*$/);
    expect(JSON.stringify(events)).not.toContain(PIN);
  });

  it('R10: a 3xx response is seen by the step, not followed', async () => {
    const server = await scriptedServer((request) => (request.url === '/a' ? { status: 302, headers: { location: '/b' }, body: { moved: true } } : { body: { followed: true } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        successCriteria: [{ condition: $statusCode == 302 }]
        outputs: { location: $response.header.Location, moved: $response.body#/moved }
    outputs: { location: $steps.a.outputs.location, moved: $steps.a.outputs.moved }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /a']);
    expect(stepSummary(result)).toEqual([{ stepId: 'a', status: 'success', attempts: 1, statusCode: 302 }]);
    expect(result.outputs).toEqual({ location: '/b', moved: true });
  });
});
