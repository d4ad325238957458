import { describe, expect, it } from 'vitest';
import { closedPort } from '../http/local-server.js';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';
import { loadFromFiles, openapi } from './workspace.js';

const PATHS = `  /slow:
    get: { operationId: slow, responses: { '200': { description: ok } } }
  /ok:
    get: { operationId: ok, responses: { '200': { description: ok } } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: slow
        onFailure:
          - { name: again, type: retry, retryAfter: 5, retryLimit: 3, criteria: [{ condition: $statusCode == 503 }] }
      - stepId: after
        operationId: ok
`;

/** A flow whose first step fails over to a second source when its transport fails. */
function fallbackFlow(): string {
  return `arazzo: 1.0.1
info: { title: fallback, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: backup, url: ./backup.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: primary
        operationId: $sourceDescriptions.api.slow
        onFailure:
          - { name: useBackup, type: goto, stepId: backup }
      - stepId: done
        operationId: $sourceDescriptions.api.ok
        onSuccess: [{ name: stop, type: end }]
      - stepId: backup
        operationId: $sourceDescriptions.backup.ok
`;
}

describe('transport failures are step failures (never a crash) and go through onFailure', () => {
  it('connection refused: the step fails with a clear reason and its failure action runs', async () => {
    const backup = await scriptedServer();
    const port = await closedPort();
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': fallbackFlow(),
      'api.openapi.yaml': openapi(`http://127.0.0.1:${port}`, PATHS),
      'backup.openapi.yaml': openapi(backup.url, PATHS),
    });
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(stepSummary(result)).toEqual([
      { stepId: 'primary', status: 'failure', attempts: 1 },
      { stepId: 'backup', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(result.steps[0]!.reason).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(lines(backup)).toEqual(['GET /ok']);
    // No response event for a request that got no response.
    expect(events.filter((event) => event.type === 'response')).toHaveLength(1);
  });

  it('DNS failure and TLS failure: the step fails with a clear reason', async () => {
    const dns = await loadFlow(FLOW, 'http://nonexistent.invalid', PATHS);
    const dnsRun = await runRecorded(dns);
    expect(dnsRun.result.status).toBe('failure');
    expect(dnsRun.result.error?.message).toMatch(/DNS lookup failed for nonexistent\.invalid/);

    const plain = await scriptedServer();
    const tls = await loadFlow(FLOW, `https://127.0.0.1:${plain.port}`, PATHS);
    const tlsRun = await runRecorded(tls, { timeouts: { requestMs: 2000 } });
    expect(tlsRun.result.status).toBe('failure');
    expect(tlsRun.result.error?.message).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed/);
  });

  it('connection reset: the step fails with a clear reason', async () => {
    const server = await scriptedServer((_request, _index, response) => {
      response.socket?.destroy();
      return undefined;
    });
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.stepId).toBe('call');
    expect(result.error?.message).toMatch(/connection reset by 127\.0\.0\.1:\d+ before the response was complete/);
  });

  it('per-request timeout: no response within timeouts.requestMs fails the step', async () => {
    const server = await scriptedServer(() => undefined);
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const started = performance.now();
    const { result } = await runRecorded(loaded, { timeouts: { requestMs: 100 } });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/no response within 100 ms from 127\.0\.0\.1/);
    // A wall-clock bound has to stay: ending on time is the behaviour. 20 times the limit, for a loaded machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('body-size cap: a response larger than maxResponseBytes fails the step with a clear error', async () => {
    const server = await scriptedServer(() => ({ body: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } }));
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const { result } = await runRecorded(loaded, { maxResponseBytes: 1024 });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/response body exceeds 1 KiB limit/);
  });
});

describe('run limits: whole-run timeout and cancellation', () => {
  it('R4: the run timeout ends a run stuck in a request, and no failure action runs after it', async () => {
    const server = await scriptedServer(() => undefined);
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const started = performance.now();
    const { result, events } = await runRecorded(loaded, { timeouts: { runMs: 150 } });
    expect(result.status).toBe('failure');
    expect(result.error).toMatchObject({ stepId: 'call' });
    expect(result.error?.message).toMatch(/^the run timed out during step call/);
    // A wall-clock bound has to stay: ending on time is the behaviour; generous for a loaded machine.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events.some((event) => event.type === 'action')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'failure' });
  });

  it('R4: the run timeout also cuts a retry delay short', async () => {
    const server = await scriptedServer(() => ({ status: 503, body: {} }));
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const started = performance.now();
    const { result } = await runRecorded(loaded, { timeouts: { runMs: 200 } });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/the run timed out/);
    // Counted: one attempt, no retry sent. The clock stays for the delay itself, which no counter sees.
    expect(server.received).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('R4: an AbortSignal cancels the run in flight; an aborted signal runs nothing', async () => {
    const controller = new AbortController();
    const server = await scriptedServer(() => {
      controller.abort();
      return undefined;
    });
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const { result } = await runRecorded(loaded, { signal: controller.signal });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/^the run was cancelled during step call/);
    expect(server.received).toHaveLength(1);

    const before = await runRecorded(loaded, { signal: AbortSignal.abort() });
    expect(before.result.status).toBe('failure');
    expect(before.result.error?.message).toBe('the run was cancelled');
    expect(before.result.steps).toEqual([]);
    expect(server.received).toHaveLength(1);
  });
});
