/**
 * DECISIONS D90: durable runs. Checkpoints after each step of the run's own workflow, a run
 * resumed from one sends only what is left, and a long retry delay suspends the run.
 */
import { describe, expect, it } from 'vitest';
import { isLoomError, run, type RunCheckpoint } from '@loom/engine';
import { HEADER, lines, loadFlow, scriptedServer, stepSummary } from './harness.js';

const PATHS = `  /a:
    get: { operationId: a, responses: { '200': { description: ok } } }
  /b:
    get: { operationId: b, responses: { '200': { description: ok } } }
  /c:
    get: { operationId: c, responses: { '200': { description: ok } } }
  /setup:
    get: { operationId: setup, responses: { '200': { description: ok } } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: setup
    steps:
      - { stepId: prepare, operationId: setup, outputs: { ready: $response.body#/ok } }
    outputs: { ready: $steps.prepare.outputs.ready }
  - workflowId: three
    dependsOn: [setup]
    steps:
      - { stepId: one, operationId: a, outputs: { n: $response.body#/n } }
      - { stepId: two, operationId: b, outputs: { n: $response.body#/n } }
      - stepId: three
        operationId: c
        outputs: { n: $response.body#/n }
        onFailure:
          - { name: again, type: retry, retryAfter: 10, retryLimit: 1 }
    outputs:
      first: $steps.one.outputs.n
      last: $steps.three.outputs.n
      ready: $workflows.setup.outputs.ready
`;

/** Answers /a, /b, /c with their call number; /c fails with 503 while `failC` says so. */
async function fixture(failC: (count: number) => boolean = () => false) {
  let c = 0;
  const server = await scriptedServer((request, index) => {
    if (request.url === '/setup') return { body: { ok: true } };
    if (request.url === '/c') return failC(++c) ? { status: 503 } : { body: { n: `c${index}` } };
    return { body: { n: `${request.url.slice(1)}${index}` } };
  });
  const loaded = await loadFlow(FLOW, server.url, PATHS);
  return { server, loaded };
}

describe('D90: durable runs', () => {
  it("D90: a checkpoint after each step of the run's own workflow, as plain JSON", async () => {
    const { loaded } = await fixture();
    const checkpoints: RunCheckpoint[] = [];
    const result = await run(loaded, { workflowId: 'three', durable: { onCheckpoint: (checkpoint) => void checkpoints.push(JSON.parse(JSON.stringify(checkpoint)) as RunCheckpoint) } });
    expect(result.status).toBe('success');
    expect(checkpoints.map((checkpoint) => checkpoint.next)).toEqual([
      { stepIndex: 1, stepId: 'two' },
      { stepIndex: 2, stepId: 'three' },
      { stepIndex: 3 },
    ]);
    expect(checkpoints[0]).toMatchObject({ version: 1, workflowId: 'three', steps: { one: { outputs: { n: 'a1' } } }, completedWorkflows: { setup: 'success' }, stepsExecuted: 2 });
    expect(checkpoints[0]!.records.map((record) => record.stepId)).toEqual(['prepare', 'one']);
  });

  it('D90: a run resumed from a checkpoint sends only the steps left, and ends as the whole run would', async () => {
    const first = await fixture();
    const checkpoints: RunCheckpoint[] = [];
    const whole = await run(first.loaded, { workflowId: 'three', durable: { onCheckpoint: (checkpoint) => void checkpoints.push(JSON.parse(JSON.stringify(checkpoint)) as RunCheckpoint) } });

    const second = await fixture();
    const resumed = await run(second.loaded, { workflowId: 'three', durable: { onCheckpoint: () => {}, resumeFrom: checkpoints[0]! } });
    // Neither the dependency nor step one runs again.
    expect(lines(second.server)).toEqual(['GET /b', 'GET /c']);
    expect(resumed.status).toBe('success');
    expect(resumed.outputs).toEqual({ first: 'a1', last: 'c1', ready: true });
    expect(stepSummary(resumed).map((step) => step.stepId)).toEqual(stepSummary(whole).map((step) => step.stepId));
    expect(resumed.durationMs).toBeGreaterThanOrEqual(checkpoints[0]!.elapsedMs);
  });

  it('D90: a retry delay over suspendDelaysOverMs suspends the run; resumed, the retry goes on with the retries it had used', async () => {
    const { server, loaded } = await fixture(() => true);
    let last: RunCheckpoint | undefined;
    const onCheckpoint = (checkpoint: RunCheckpoint) => {
      last = JSON.parse(JSON.stringify(checkpoint)) as RunCheckpoint;
    };
    const before = Date.now();
    const suspended = await run(loaded, { workflowId: 'three', durable: { onCheckpoint, suspendDelaysOverMs: 1000 } });
    expect(suspended.status).toBe('suspended');
    expect(suspended.resumeAt).toBeGreaterThanOrEqual(before + 10_000);
    expect(last).toMatchObject({ next: { stepIndex: 2, stepId: 'three' }, retry: { attempt: 1, retriesUsed: [1] } });
    expect(lines(server).filter((line) => line === 'GET /c')).toHaveLength(1);

    // Resumed: the one retry allowed is this attempt; it fails again and no further retry is left.
    const resumed = await run(loaded, { workflowId: 'three', durable: { onCheckpoint, resumeFrom: last!, suspendDelaysOverMs: 1000 } });
    expect(resumed.status).toBe('failure');
    expect(resumed.error?.message).toMatch(/step three failed after 2 attempts/);
    expect(lines(server).filter((line) => line === 'GET /c')).toHaveLength(2);
  });

  it('D90: a checkpoint of another workflow, or of a changed document, is refused before anything is sent', async () => {
    const { server, loaded } = await fixture();
    let checkpoint: RunCheckpoint | undefined;
    await run(loaded, { workflowId: 'three', durable: { onCheckpoint: (value) => void (checkpoint ??= value) } });
    const sent = server.received.length;
    const refusal = (resumeFrom: unknown) => run(loaded, { workflowId: 'three', durable: { onCheckpoint: () => {}, resumeFrom: resumeFrom as RunCheckpoint } }).catch((error: unknown) => error);
    for (const bad of [{ ...checkpoint!, workflowId: 'setup' }, { ...checkpoint!, next: { stepIndex: 1, stepId: 'renamed' } }, { ...checkpoint!, version: 2 }, 'garbage', { ...checkpoint!, next: { stepIndex: 99, stepId: 'x' } }]) {
      const error = await refusal(bad);
      expect(isLoomError(error) && error.code).toBe('LOOM_ERR_USAGE');
      expect((error as Error).message).toMatch(/^the checkpoint cannot be resumed: /);
    }
    expect(server.received.length).toBe(sent);
  });
});
