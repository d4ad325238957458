/**
 * A response nested thousands of levels deep must not crash a run (issue 10): not when
 * events are observed (onEvent, --verbose, --har), not when a criterion explains its
 * failure, not when outputs and reports are written. DECISIONS D33.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runNodeScript } from '../support/run-loom.js';
import { ARAZZO_HEADER, everyChannel, runCli, runInProcess, startServer, writeFlow, type LocalServer } from './run-fixture.js';

const PATHS = `  /deep:
    get: { operationId: getDeep, responses: { '200': { description: ok } } }
  /forward:
    post:
      operationId: forward
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
`;

/** `{"a":{"a":...{"a":"bottom"}...}}` wrapped in arrays every other level. */
function deepBody(levels: number): string {
  let text = '"bottom"';
  for (let level = 0; level < levels; level++) text = level % 2 === 0 ? `[${text}]` : `{"a":${text}}`;
  return text;
}

const FLOW = `${ARAZZO_HEADER}workflows:
  - workflowId: deep
    steps:
      - stepId: fetch
        operationId: getDeep
        successCriteria:
          - condition: $statusCode == 200
          - { context: $response.body, condition: '^\\{', type: regex }
        outputs:
          body: $response.body
          first: $response.body#/0
      - stepId: judge
        operationId: getDeep
        successCriteria:
          - condition: $response.body == 'flat'
    outputs:
      body: $steps.fetch.outputs.body
`;

const OBSERVE = fileURLToPath(new URL('./observe-run.mjs', import.meta.url));

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(levels: number, flow = FLOW): Promise<string> {
  const body = deepBody(levels);
  server = await startServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(body);
  });
  return writeFlow(flow, server.url, PATHS);
}

const FORWARD = `${ARAZZO_HEADER}workflows:
  - workflowId: forward
    steps:
      - stepId: fetch
        operationId: getDeep
      - stepId: send
        operationId: forward
        requestBody: { payload: $steps.fetch.outputs.body }
        successCriteria: [{ condition: $statusCode == 200 }]
    outputs: {}
`.replace('operationId: getDeep', 'operationId: getDeep\n        outputs: { body: $response.body }');

describe.each([2_500, 10_000])('D33: a response %i levels deep', (levels) => {
  it('D33: runs in-process with onEvent and masking: the criterion fails with an explanation, events and result are bounded', async () => {
    const dir = await serve(levels);
    const { result, events } = await runInProcess(dir, { maskSecrets: true });
    expect(result.status).toBe('failure');
    expect(result.steps.map((step) => `${step.stepId}:${step.status}`)).toEqual(['fetch:success', 'judge:failure']);
    expect(result.error?.message).toContain("$response.body == 'flat'");
    // Events and the masked result can be turned into JSON (JSON.stringify recurses).
    expect(() => JSON.stringify(events)).not.toThrow();
    expect(() => JSON.stringify(result)).not.toThrow();
    const criterion = events.find((event) => event.type === 'criterion' && !event.passed);
    expect(criterion?.type === 'criterion' && criterion.explanation).toMatch(/^\$response\.body == 'flat': got \{"a":\[\{"a"/);
  });

  it('D33: onEvent in a process with the default stack, masked and --show-secrets style: the run ends and events turn into JSON', async () => {
    const dir = await serve(levels);
    for (const mode of ['mask', 'show']) {
      const observed = await runNodeScript(OBSERVE, [join(dir, 'flow.arazzo.yaml'), mode]);
      expect(observed.code, observed.stderr).toBe(0);
      const summary = JSON.parse(observed.stdout);
      expect(summary.steps).toEqual(['fetch:success', 'judge:failure']);
      expect(summary.explanations).toHaveLength(1);
      expect(summary.explanations[0]).toMatch(/^\$response\.body == 'flat': got \{"a":\[\{"a"/);
    }
  // Two Node processes, each loading the engine and a deep response: seconds on a quiet machine, far more on a
  // loaded one; the bound only stops a hang.
  }, 60_000);

  it('D33: a deep response sent on as a JSON payload reaches the server whole (loom run --json)', async () => {
    const dir = await serve(levels, FORWARD);
    const outputs = await runCli(dir, ['--json']);
    expect(outputs.code, outputs.stdout).toBe(0);
    const forwarded = server!.received.find((request) => request.url === '/forward');
    expect(forwarded?.body.toString()).toBe(deepBody(levels));
  });

  it('D33: embedding code without masking gets the whole value back', async () => {
    const dir = await serve(levels);
    const { result } = await runInProcess(dir);
    let value: unknown = result.outputs['body'];
    let depth = 0;
    while (typeof value === 'object' && value !== null) {
      value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>)['a'];
      depth++;
    }
    expect([depth, value]).toEqual([levels, 'bottom']);
  });

  it('D33: loom run --verbose, --har, --report: no crash, exit 1 for the failing criterion, no stack trace', async () => {
    const dir = await serve(levels);
    const human = await runCli(dir, ['--verbose']);
    expect(human.code, human.stderr).toBe(1);
    expect(human.stdout).toContain("$response.body == 'flat': got");
    expect(human.stdout).toContain('✖ deep failed at step judge');
    expect(everyChannel(human)).not.toMatch(/RangeError|Maximum call stack|    at /);
    expect(JSON.parse(human.har).log.entries).toHaveLength(2);
    expect(JSON.parse(human.reportJson).status).toBe('failure');
    expect(human.reportJunit).toContain('<failure');

    const json = await runCli(dir, ['--json']);
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).steps).toHaveLength(2);
    expect(everyChannel(json)).not.toMatch(/RangeError|Maximum call stack|    at /);
  });
});
