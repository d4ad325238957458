import { describe, expect, it } from 'vitest';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';

const PATHS = `  /a:
    get: { operationId: getA, responses: { '200': { description: ok } } }
  /b:
    get: { operationId: getB, responses: { '200': { description: ok } } }
  /c:
    get: { operationId: getC, responses: { '200': { description: ok } } }
  /poll:
    get: { operationId: poll, responses: { '200': { description: ok } } }
`;

describe('control flow: end, goto, actions (Arazzo 1.0.1 §Success/Failure Action Object)', () => {
  it('D10: a success action end ends the run in success; later steps never run and are not listed', async () => {
    const server = await scriptedServer(() => ({ body: { ok: true } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        onSuccess:
          - { name: stop, type: end, criteria: [{ condition: $response.body#/ok == true }] }
      - stepId: b
        operationId: getB
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /a']);
    expect(stepSummary(result)).toEqual([{ stepId: 'a', status: 'success', attempts: 1, statusCode: 200 }]);
    expect(events.find((event) => event.type === 'action')).toMatchObject({ kind: 'success', name: 'stop', action: 'end', stepId: 'a' });
  });

  it('D10: a failure action end fails the run, naming the step', async () => {
    const server = await scriptedServer(() => ({ status: 500, body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: giveUp, type: end }
      - stepId: b
        operationId: getB
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error).toMatchObject({ stepId: 'a' });
    expect(result.error?.message).toMatch(/giveUp/);
    expect(result.error?.message).toMatch(/500/);
    expect(lines(server)).toEqual(['GET /a']);
    expect(stepSummary(result)).toEqual([{ stepId: 'a', status: 'failure', attempts: 1, statusCode: 500 }]);
    expect(result.steps[0]!.reason).toMatch(/\$statusCode == 200/);
  });

  it('goto step: a polling loop runs until its criteria hold; a step reached twice is listed twice', async () => {
    const server = await scriptedServer((request, index) => (request.url === '/poll' ? { body: { state: index < 2 ? 'pending' : 'done' } } : { body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: start
        operationId: getA
      - stepId: wait
        operationId: poll
        onSuccess:
          - { name: again, type: goto, stepId: wait, criteria: [{ condition: $response.body#/state == 'pending' }] }
        outputs: { state: $response.body#/state }
      - stepId: finish
        operationId: getC
    outputs: { state: $steps.wait.outputs.state }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /a', 'GET /poll', 'GET /poll', 'GET /c']);
    expect(result.steps.map((step) => step.stepId)).toEqual(['start', 'wait', 'wait', 'finish']);
    expect(result.outputs).toEqual({ state: 'done' });
  });

  it('D10: a failure handled by goto does not fail the run; skipped steps are not listed', async () => {
    const server = await scriptedServer((request) => (request.url === '/a' ? { status: 404, body: {} } : { body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: fallback, type: goto, stepId: c, criteria: [{ condition: $statusCode == 404 }] }
      - stepId: b
        operationId: getB
      - stepId: c
        operationId: getC
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /a', 'GET /c']);
    expect(stepSummary(result)).toEqual([
      { stepId: 'a', status: 'failure', attempts: 1, statusCode: 404 },
      { stepId: 'c', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(events.find((event) => event.type === 'action')).toMatchObject({ kind: 'failure', action: 'goto', targetStepId: 'c' });
  });

  it('D9: a step without successCriteria succeeds on 2xx and fails otherwise', async () => {
    const server = await scriptedServer((request) => (request.url === '/a' ? { status: 204 } : { status: 302, headers: { location: '/x' } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: a, operationId: getA }
      - { stepId: b, operationId: getB }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(stepSummary(result)).toEqual([
      { stepId: 'a', status: 'success', attempts: 1, statusCode: 204 },
      { stepId: 'b', status: 'failure', attempts: 1, statusCode: 302 },
    ]);
    expect(result.error?.message).toMatch(/status 302 is not 2xx/);
    // Redirects are not followed: the step sees the 302 itself.
    expect(lines(server)).toEqual(['GET /a', 'GET /b']);
  });

  it('D11: workflow-level actions apply to every step, a step action with the same name overrides, and Reusable action references resolve', async () => {
    const server = await scriptedServer((request) => ({ status: request.url === '/b' ? 503 : 200, body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    successActions:
      - { name: skip, type: goto, stepId: c, criteria: [{ condition: $url == 'never' }] }
    failureActions:
      - reference: $components.failureActions.toC
      - { name: stop, type: end }
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: toC, type: end }
      - stepId: b
        operationId: getB
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: c
        operationId: getC
components:
  failureActions:
    toC: { name: toC, type: goto, stepId: c, criteria: [{ condition: $statusCode == 503 }] }
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    // b failed with 503: the workflow's referenced toC (first in order, criteria hold) sent control to c.
    expect(lines(server)).toEqual(['GET /a', 'GET /b', 'GET /c']);
    expect(events.filter((event) => event.type === 'action')).toMatchObject([{ stepId: 'b', name: 'toC', action: 'goto', targetStepId: 'c' }]);
  });

  it("D11: a step's own failure action of the same name replaces the workflow's", async () => {
    const server = await scriptedServer(() => ({ status: 503, body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    failureActions:
      - { name: handle, type: goto, stepId: c }
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: handle, type: end }
      - { stepId: c, operationId: getC }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(lines(server)).toEqual(['GET /a']);
  });

  it('D10/D11: no failure action matching fails the run', async () => {
    const server = await scriptedServer(() => ({ status: 500, body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: getA
        onFailure:
          - { name: onlyOn404, type: goto, stepId: c, criteria: [{ condition: $statusCode == 404 }] }
      - { stepId: c, operationId: getC }
`,
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error).toMatchObject({ stepId: 'a', workflowId: 'w' });
    expect(events.filter((event) => event.type === 'criterion')).toMatchObject([{ owner: 'onFailure', condition: '$statusCode == 404', passed: false }]);
    expect(lines(server)).toEqual(['GET /a']);
  });

  it('D17: maxSteps stops a goto loop, naming the step and workflow', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: forever
    steps:
      - stepId: spin
        operationId: poll
        onSuccess:
          - { name: again, type: goto, stepId: spin }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { maxSteps: 5 });
    expect(result.status).toBe('failure');
    expect(server.received).toHaveLength(5);
    expect(result.steps).toHaveLength(5);
    expect(result.error?.message).toMatch(/5 steps \(maxSteps\).*step spin of workflow forever/);
  });
});
