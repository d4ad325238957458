/**
 * The HTML report's run recorder on a run with a nested workflow step and a retry that runs another
 * step first: each event lands in the step execution and attempt it belongs to.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../packages/engine/src/index.js';
import { HEADER, loadFlow, scriptedServer } from '../../packages/engine/test/runner/harness.js';
import { createRunRecorder, renderHtmlReport } from '../../packages/cli/src/reporters/html-report/index.js';

const PATHS = `  /a:
    get: { operationId: getA, responses: { '200': { description: ok } } }
  /flaky:
    get: { operationId: getFlaky, responses: { '200': { description: ok } } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: main
    steps:
      - stepId: prepare
        operationId: getA
        outputs: { seen: $response.body#/n }
      - stepId: callChild
        workflowId: child
      - stepId: check
        operationId: getFlaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: prepareAgain, type: retry, stepId: prepare, retryAfter: 0, retryLimit: 1 }
  - workflowId: child
    steps:
      - stepId: inner
        operationId: getA
        outputs: { seen: $response.body#/n }
`;

describe('createRunRecorder', () => {
  it('puts nested workflow steps, retry targets and retried attempts where they belong', async () => {
    let flakyCalls = 0;
    let aCalls = 0;
    const api = await scriptedServer((request) => {
      if (request.url === '/flaky') return ++flakyCalls === 1 ? { status: 503, body: { down: true } } : { body: { up: true } };
      return { body: { n: ++aCalls } };
    });
    const loaded = await loadFlow(FLOW, api.url, PATHS);
    const recorder = createRunRecorder();
    const result = await run(loaded, { workflowId: 'main', onEvent: recorder.onEvent });
    expect(result.status).toBe('success');

    const { steps } = recorder.recording();
    expect(
      steps.map((step) => ({
        step: `${step.workflowId}/${step.stepId}`,
        depth: step.depth,
        attempts: step.attempts.map((attempt) => `${attempt.kind}:${attempt.request?.url.replace(api.url, '') ?? '-'}:${attempt.response?.statusCode ?? '-'}`),
        status: step.end?.status,
        outputs: step.end?.outputs?.text.replace(/\s+/g, ''),
      })),
    ).toEqual([
      { step: 'main/prepare', depth: 0, attempts: ['operation:/a:200'], status: 'success', outputs: '{"seen":1}' },
      { step: 'main/callChild', depth: 0, attempts: ['workflow:-:-'], status: 'success', outputs: undefined },
      { step: 'child/inner', depth: 1, attempts: ['operation:/a:200'], status: 'success', outputs: '{"seen":2}' },
      { step: 'main/check', depth: 0, attempts: ['operation:/flaky:503', 'operation:/flaky:200'], status: 'success', outputs: undefined },
      { step: 'main/prepare', depth: 0, attempts: ['operation:/a:200'], status: 'success', outputs: '{"seen":3}' },
    ]);
    const check = steps[3]!;
    expect(check.attempts[0]!.criteria.map((criterion) => [criterion.condition, criterion.passed, criterion.explanation?.text])).toEqual([['$statusCode == 200', false, '$statusCode == 200: got 503']]);
    expect(check.attempts[0]!.actions).toEqual([{ kind: 'failure', name: 'prepareAgain', action: 'retry', target: 'prepare', delayMs: 0 }]);

    const html = renderHtmlReport([{ result, recording: recorder.recording(), workflow: loaded.model!.workflows.get('main')! }], { version: 'test' });
    expect(html).toContain('<span class="muted">in workflow child</span>');
    expect(html).toContain('<a href="#run-0-step-2">child / inner</a>');
    expect(html).toContain('failure action <code>prepareAgain</code>: retry to prepare after 0 ms');
  });
});
