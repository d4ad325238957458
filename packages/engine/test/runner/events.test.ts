import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@loom/engine';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /login:
    post:
      operationId: login
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
  /data:
    get: { operationId: getData, responses: { '200': { description: ok } } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        user: { type: string }
        password: { type: string, format: password }
        apiKey: { type: string, writeOnly: true }
    steps:
      - stepId: login
        operationId: login
        requestBody:
          payload: { user: $inputs.user, password: $inputs.password }
        outputs: { token: $response.body#/access_token }
      - stepId: data
        operationId: getData
        parameters:
          - { name: X-Api-Key, in: header, value: $inputs.apiKey }
          - { name: Authorization, in: header, value: 'Bearer {$steps.login.outputs.token}' }
          - { name: sid, in: cookie, value: cookie-value-123 }
          - { name: key, in: query, value: $inputs.apiKey }
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: again, type: retry, retryLimit: 1 }
        outputs: { echoed: $response.body#/echo }
    outputs:
      echoed: $steps.data.outputs.echoed
      token: $steps.login.outputs.token
`;

function server() {
  let dataCalls = 0;
  return scriptedServer((request) => {
    if (request.url === '/login') return { headers: { 'set-cookie': 'session=server-session-999' }, body: { access_token: 'tok-abcdef-42' } };
    dataCalls++;
    return dataCalls === 1 ? { status: 500, body: {} } : { body: { echo: `key was ${request.headers['x-api-key']}` } };
  });
}

const INPUTS = { user: 'ann', password: 'hunter2-pass', apiKey: 'key-secret-0987' };

describe('events (timings) and secret masking (DECISIONS D21)', () => {
  it('emits every event in order, each with a time from a monotonic clock and durations where they apply', async () => {
    const api = await server();
    const loaded = await loadFlow(FLOW, api.url, PATHS);
    const { result, events } = await runRecorded(loaded, { inputs: INPUTS });
    expect(result.status).toBe('success');
    expect(events.map((event) => (event.type === 'action' ? `action:${event.action}` : event.type))).toEqual([
      'run.start', 'workflow.start',
      'step.start', 'request', 'response', 'step.end',
      'step.start', 'request', 'response', 'criterion', 'action:retry',
      'step.start', 'request', 'response', 'criterion', 'step.end',
      'workflow.end', 'run.end',
    ]);
    const times = events.map((event) => event.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.every((time) => time >= 0)).toBe(true);
    for (const event of events) {
      if (event.type === 'response' || event.type === 'step.end' || event.type === 'workflow.end' || event.type === 'run.end') {
        expect(event.durationMs).toBeGreaterThanOrEqual(0);
      }
    }
    const end = events.at(-1) as Extract<RunEvent, { type: 'run.end' }>;
    expect(end.durationMs).toBeCloseTo(result.durationMs, 0);
    expect(events.filter((event) => event.type === 'step.end').map((event) => event.type === 'step.end' && `${event.stepId}:${event.attempt}`)).toEqual(['login:1', 'data:2']);
  });

  it('D21: secret inputs, secret headers, cookies and secret-named body members never reach a listener', async () => {
    const api = await server();
    const loaded = await loadFlow(FLOW, api.url, PATHS);
    const { result, events } = await runRecorded(loaded, { inputs: INPUTS });
    // The server got the real values.
    const data = api.received[2]!;
    expect(data.headers['x-api-key']).toBe('key-secret-0987');
    expect(data.headers['authorization']).toBe('Bearer tok-abcdef-42');
    expect(data.headers['cookie']).toBe('sid=cookie-value-123');
    expect(data.url).toBe('/data?key=key-secret-0987');

    const seen = JSON.stringify(events);
    for (const secret of ['hunter2-pass', 'key-secret-0987', 'tok-abcdef-42', 'cookie-value-123', 'server-session-999']) {
      expect(seen, secret).not.toContain(secret);
    }
    expect(seen).toContain('ann');
    const request = events.find((event) => event.type === 'request' && event.stepId === 'data') as Extract<RunEvent, { type: 'request' }>;
    expect(request.headers['x-api-key']).toBe('****');
    expect(request.url).toMatch(/\/data\?key=\*\*\*\*$/);
    // Embedding code gets the real values; maskSecrets masks the result too.
    expect(result.outputs).toEqual({ echoed: 'key was key-secret-0987', token: 'tok-abcdef-42' });
    const masked = await runRecorded(loaded, { inputs: INPUTS, maskSecrets: true });
    expect(JSON.stringify(masked.result)).not.toContain('key-secret-0987');
    expect(masked.result.outputs).toEqual({ echoed: 'key was ****', token: '****' });
  });
});

describe('step.end carries the step outputs (the HTML run report shows them)', () => {
  it('D21: each step.end has the outputs of its last attempt, masked like the workflow outputs', async () => {
    const api = await server();
    const loaded = await loadFlow(FLOW, api.url, PATHS);
    const { events } = await runRecorded(loaded, { inputs: INPUTS });
    const ends = events.filter((event) => event.type === 'step.end');
    expect(ends.map((event) => [event.stepId, event.outputs])).toEqual([
      ['login', { token: '****' }],
      ['data', { echoed: 'key was ****' }],
    ]);
  });
});
