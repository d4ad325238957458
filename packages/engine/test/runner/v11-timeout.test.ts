import { describe, expect, it } from 'vitest';
import { lines, loadFlow, runRecorded, scriptedServer, stepSummary, type Script } from './harness.js';

/** Arazzo 1.1.0 §Step Object `timeout`, DECISIONS D96: each attempt at a step is bounded by it. */
const header = `arazzo: 1.1.0
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /slow:
    get:
      operationId: slow
      responses: { '200': { description: ok } }
  /fast:
    get:
      operationId: fast
      responses: { '200': { description: ok } }
`;

// The slow answer comes 6 s late, against step timeouts of 300 ms: wide apart on purpose, since the machine is
// loaded and a tight bound would fail for reasons that are not the runner's.
const SLOW_MS = 6000;

/** Answers /slow after SLOW_MS (unless `slowCount` requests have been answered slowly already), /fast at once. */
function slowServer(slowCount = Infinity): Script {
  let slowSeen = 0;
  return (request, _index, response) => {
    if (request.url === '/slow' && slowSeen++ < slowCount) {
      const timer = setTimeout(() => response.end('{}'), SLOW_MS);
      response.on('close', () => clearTimeout(timer));
      return undefined;
    }
    return { body: { ok: true } };
  };
}

describe('step timeout (Arazzo 1.1)', () => {
  it('D96: an operation step past its timeout fails, and its failure actions apply', async () => {
    const server = await scriptedServer(slowServer());
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - stepId: waits
        operationId: slow
        timeout: 300
        onFailure:
          - { name: fallBack, type: goto, stepId: fallback }
      - stepId: skipped
        operationId: slow
      - stepId: fallback
        operationId: fast
`,
      server.url,
      paths,
    );
    const started = performance.now();
    const { result } = await runRecorded(loaded);
    // Well under the server's 6 s: the request was abandoned at the step's deadline.
    expect(performance.now() - started).toBeLessThan(SLOW_MS - 500);
    expect(result.status).toBe('success');
    expect(stepSummary(result)).toEqual([
      { stepId: 'waits', status: 'failure', attempts: 1 },
      { stepId: 'fallback', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(result.steps[0]!.reason).toBe('did not complete within its timeout of 300 ms');
    expect(lines(server)).toEqual(['GET /slow', 'GET /fast']);
  });

  it('D96: without a failure action the run fails, naming the timeout', async () => {
    const server = await scriptedServer(slowServer());
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - { stepId: waits, operationId: slow, timeout: 300 }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toBe('step waits failed: did not complete within its timeout of 300 ms');
  });

  it('D96: the timeout is per attempt: a retry gets a fresh one, and the retry delay does not count', async () => {
    const server = await scriptedServer(slowServer(1));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - stepId: waits
        operationId: slow
        timeout: 300
        onFailure:
          - { name: again, type: retry, retryAfter: 0.4, retryLimit: 1 }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(stepSummary(result)).toEqual([{ stepId: 'waits', status: 'success', attempts: 2, statusCode: 200 }]);
    expect(lines(server)).toEqual(['GET /slow', 'GET /slow']);
  });

  it('D96: a workflow step past its timeout stops the child workflow where it is', async () => {
    const server = await scriptedServer(slowServer());
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: parent
    steps:
      - stepId: child
        workflowId: child
        timeout: 300
        onFailure:
          - { name: recover, type: goto, stepId: after }
      - { stepId: after, operationId: fast }
  - workflowId: child
    steps:
      - stepId: first
        operationId: slow
        onFailure:
          - { name: tryAgain, type: retry, retryLimit: 3 }
      - { stepId: never, operationId: fast }
`,
      server.url,
      paths,
    );
    const started = performance.now();
    const { result, events } = await runRecorded(loaded, { workflowId: 'parent' });
    expect(performance.now() - started).toBeLessThan(SLOW_MS - 500);
    expect(result.status).toBe('success');
    // The child's retry could not outlive its parent step's deadline; nothing after it ran.
    expect(lines(server)).toEqual(['GET /slow', 'GET /fast']);
    const childEnd = events.find((event) => event.type === 'workflow.end' && event.workflowId === 'child');
    expect(childEnd).toMatchObject({ status: 'failure' });
    expect(result.steps.find((step) => step.stepId === 'child')).toMatchObject({ status: 'failure', reason: 'did not complete within its timeout of 300 ms' });
  });

  it('D96: a step that finishes within its timeout is not affected by it', async () => {
    const server = await scriptedServer(slowServer());
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - { stepId: quick, operationId: fast, timeout: 5000 }
      - { stepId: quickAgain, operationId: fast }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(stepSummary(result)).toEqual([
      { stepId: 'quick', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'quickAgain', status: 'success', attempts: 1, statusCode: 200 },
    ]);
  });
});
