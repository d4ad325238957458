import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@loom/engine';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';

const PATHS = `  /flaky:
    get: { operationId: flaky, responses: { '200': { description: ok } } }
  /refresh:
    post: { operationId: refresh, responses: { '200': { description: ok } } }
`;

function retryFlow(action: string, extra = ''): string {
  return `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - ${action}
        outputs: { attempt: $response.body#/attempt }
      - stepId: refreshToken
        operationId: refresh
    outputs: { attempt: $steps.call.outputs.attempt }
${extra}`;
}

/** Answers /flaky with 503 `failures` times (with `headers`), then 200; /refresh always 200. */
function flaky(failures: number, headers: () => Record<string, string> = () => ({})) {
  let calls = 0;
  return scriptedServer((request) => {
    if (request.url !== '/flaky') return { body: { refreshed: true } };
    calls++;
    return calls <= failures ? { status: 503, headers: headers(), body: { attempt: calls } } : { body: { attempt: calls } };
  });
}

function requestTimes(events: RunEvent[], stepId = 'call'): number[] {
  return events.filter((event): event is Extract<RunEvent, { type: 'request' }> => event.type === 'request' && event.stepId === stepId).map((event) => event.time);
}

describe('retry (Arazzo 1.0.1 §Failure Action Object, DECISIONS D12)', () => {
  it('D12: retry then success is one step entry with its attempts', async () => {
    const server = await flaky(2);
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry, retryLimit: 3 }'), server.url, PATHS);
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /flaky', 'GET /flaky', 'GET /flaky', 'POST /refresh']);
    expect(stepSummary(result)).toEqual([
      { stepId: 'call', status: 'success', attempts: 3, statusCode: 200 },
      { stepId: 'refreshToken', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(result.outputs).toEqual({ attempt: 3 });
    expect(events.filter((event) => event.type === 'step.start' && event.stepId === 'call').map((event) => (event as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(events.filter((event) => event.type === 'action')).toMatchObject([
      { action: 'retry', attempt: 1, delayMs: 0 },
      { action: 'retry', attempt: 2, delayMs: 0 },
    ]);
  });

  it('D12: retries exhausted fail the run, with the attempts counted; retryLimit absent means one retry', async () => {
    const server = await flaky(10);
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry }'), server.url, PATHS);
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(lines(server)).toEqual(['GET /flaky', 'GET /flaky']);
    expect(stepSummary(result)).toEqual([{ stepId: 'call', status: 'failure', attempts: 2, statusCode: 503 }]);
    expect(result.error?.message).toMatch(/step call failed after 2 attempts: .*503/);
  });

  it('D12: once the retry limit is spent, the remaining failure actions are considered in order', async () => {
    const server = await flaky(10);
    const loaded = await loadFlow(
      retryFlow(`{ name: again, type: retry, retryLimit: 2 }
          - { name: fallback, type: goto, stepId: refreshToken }`),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /flaky', 'GET /flaky', 'GET /flaky', 'POST /refresh']);
    expect(stepSummary(result)[0]).toEqual({ stepId: 'call', status: 'failure', attempts: 3, statusCode: 503 });
  });

  it('D12: retryAfter delays the retry when the response has no Retry-After', async () => {
    const server = await flaky(1);
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry, retryAfter: 0.05, retryLimit: 1 }'), server.url, PATHS);
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(events.find((event) => event.type === 'action')).toMatchObject({ action: 'retry', delayMs: 50 });
    const [first, second] = requestTimes(events);
    expect(second! - first!).toBeGreaterThanOrEqual(45);
  });

  it('D12: Retry-After in seconds overrides retryAfter, capped by maxRetryDelayMs', async () => {
    const server = await flaky(1, () => ({ 'retry-after': '1' }));
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry, retryAfter: 0, retryLimit: 1 }'), server.url, PATHS);
    const { result, events } = await runRecorded(loaded, { timeouts: { maxRetryDelayMs: 60 } });
    expect(result.status).toBe('success');
    expect(events.find((event) => event.type === 'action')).toMatchObject({ action: 'retry', delayMs: 60 });
    const [first, second] = requestTimes(events);
    expect(second! - first!).toBeGreaterThanOrEqual(55);
  });

  it('D12: Retry-After as an HTTP-date sets the delay (capped)', async () => {
    const server = await flaky(1, () => ({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }));
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry, retryLimit: 1 }'), server.url, PATHS);
    const { result, events } = await runRecorded(loaded, { timeouts: { maxRetryDelayMs: 40 } });
    expect(result.status).toBe('success');
    expect(events.find((event) => event.type === 'action')).toMatchObject({ action: 'retry', delayMs: 40 });
    const [first, second] = requestTimes(events);
    expect(second! - first!).toBeGreaterThanOrEqual(35);
  });

  it('D12: Retry-After: 0 retries at once even when retryAfter asks for longer', async () => {
    const server = await flaky(1, () => ({ 'retry-after': '0' }));
    const loaded = await loadFlow(retryFlow('{ name: again, type: retry, retryAfter: 30, retryLimit: 1 }'), server.url, PATHS);
    const started = performance.now();
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(events.find((event) => event.type === 'action')).toMatchObject({ delayMs: 0 });
    // The event says 0; the clock checks the runner did not wait the 30 s anyway (generous, loaded machine).
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('D12: a retry with stepId runs that step first (R1: its criteria, no actions), then retries the current step', async () => {
    const server = await flaky(1);
    const loaded = await loadFlow(retryFlow('{ name: refreshThenRetry, type: retry, stepId: refreshToken, retryLimit: 1 }'), server.url, PATHS);
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /flaky', 'POST /refresh', 'GET /flaky', 'POST /refresh']);
    expect(result.steps.map((step) => `${step.stepId}:${step.attempts}`)).toEqual(['refreshToken:1', 'call:2', 'refreshToken:1']);
    expect(events.find((event) => event.type === 'action')).toMatchObject({ action: 'retry', targetStepId: 'refreshToken' });
  });

  it('D12 + R1: a retry with workflowId runs that workflow first, then retries the current step', async () => {
    const server = await flaky(1);
    const loaded = await loadFlow(
      retryFlow(
        '{ name: reauth, type: retry, workflowId: reauth, retryLimit: 1 }',
        `  - workflowId: reauth
    steps:
      - { stepId: renew, operationId: refresh }
`,
      ),
      server.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'w' });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /flaky', 'POST /refresh', 'GET /flaky', 'POST /refresh']);
    expect(result.steps.map((step) => `${step.workflowId}/${step.stepId}`)).toEqual(['reauth/renew', 'w/call', 'w/refreshToken']);
    expect(events.filter((event) => event.type === 'workflow.start')).toMatchObject([{ workflowId: 'w' }, { workflowId: 'reauth', reason: 'retry' }]);
  });
});
