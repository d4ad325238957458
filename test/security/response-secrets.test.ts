/**
 * DECISIONS D32: a value masked once is masked everywhere in that run's output. A login
 * response carries a token in its body, a Set-Cookie and the Authorization it was sent
 * echoed back; masking hides them in the response, so they join the run's secrets and
 * are hidden too in the outputs, human output, reports, HAR and the later requests that
 * reuse them (their URLs, headers and bodies) and in criterion explanations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ARAZZO_HEADER, everyChannel, runCli, runInProcess, startServer, writeFlow, type LocalServer } from './run-fixture.js';

const PATHS = `  /login:
    post:
      operationId: login
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
  /data:
    post:
      operationId: getData
      parameters: [{ name: t, in: query, schema: { type: string } }]
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
`;

const FLOW = `${ARAZZO_HEADER}workflows:
  - workflowId: session
    inputs:
      type: object
      properties:
        bootstrap: { type: string }
    steps:
      - stepId: login
        operationId: login
        parameters: [{ name: Authorization, in: header, value: 'Bearer {$inputs.bootstrap}' }]
        requestBody: { payload: { user: ann } }
        outputs:
          token: $response.body#/access_token
          refresh: $response.body#/grant/refresh_token
          cookie: $response.header.Set-Cookie
          echoed: $response.body#/authorization
      - stepId: data
        operationId: getData
        parameters: [{ name: t, in: query, value: $steps.login.outputs.token }]
        requestBody: { payload: { note: 'refresh is {$steps.login.outputs.refresh}', copy: $steps.login.outputs.cookie } }
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/seen == 'nothing'
    outputs:
      token: $steps.login.outputs.token
      refresh: $steps.login.outputs.refresh
      cookie: $steps.login.outputs.cookie
      echoed: $steps.login.outputs.echoed
`;

const BOOTSTRAP = 'boot-strap-555';
const TOKEN = 'tok-from-login-123';
const REFRESH = 'refresh-456-abc';
const COOKIE = 'cookie-value-777';
const SECRETS = [BOOTSTRAP, TOKEN, REFRESH, COOKIE];

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(): Promise<string> {
  server = await startServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/login') {
      response.setHeader('set-cookie', `sid=${COOKIE}; Path=/; HttpOnly`);
      response.end(JSON.stringify({ access_token: TOKEN, grant: { refresh_token: REFRESH, scope: 'read' }, authorization: request.headers['authorization'], user: 'ann' }));
      return;
    }
    response.end(JSON.stringify({ seen: `query ${request.url}, body ${request.body.toString()}` }));
  });
  return writeFlow(FLOW, server.url, PATHS);
}

function expectHidden(text: string): void {
  for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
}

describe('D32: secrets that arrive in responses', () => {
  it('D32: in-process: the later request got the real values; events and the masked result hide them everywhere', async () => {
    const dir = await serve();
    const { result, events } = await runInProcess(dir, { inputs: { bootstrap: BOOTSTRAP }, maskSecrets: true });
    const data = server!.received[1]!;
    expect(data.url).toBe(`/data?t=${TOKEN}`);
    expect(JSON.parse(data.body.toString())).toEqual({ note: `refresh is ${REFRESH}`, copy: `sid=${COOKIE}; Path=/; HttpOnly` });
    expect(result.status).toBe('failure');
    // run.start goes out before anything is sent, so an input that only a header later shows to be
    // secret is still plain there (mark such inputs format: password); every later event hides it.
    expect(events[0]?.type).toBe('run.start');
    expectHidden(JSON.stringify(events.slice(1)));
    expectHidden(JSON.stringify(result));
    expect(result.outputs).toEqual({ token: '****', refresh: '****', cookie: '****', echoed: '****' });
    const request = events.find((event) => event.type === 'request' && event.stepId === 'data');
    expect(request?.type === 'request' && request.url).toMatch(/\/data\?t=\*\*\*\*$/);
    const criterion = events.find((event) => event.type === 'criterion' && !event.passed);
    expect(criterion?.type === 'criterion' && criterion.explanation).toContain("got 'query /data?t=****");
  });

  it('D32: without a listener, a masked result still hides what a response gave', async () => {
    const dir = await serve();
    const { loadDocument, run } = await import('../../packages/engine/src/index.js');
    const result = await run(await loadDocument(`${dir}/flow.arazzo.yaml`), { inputs: { bootstrap: BOOTSTRAP }, maskSecrets: true });
    expectHidden(JSON.stringify(result));
  });

  it('D32: loom run human --verbose and --json, reports and HAR hide them', async () => {
    const dir = await serve();
    for (const args of [['--verbose'], ['--json']]) {
      const outputs = await runCli(dir, [...args, '--input', `bootstrap=${BOOTSTRAP}`]);
      expect(outputs.code, outputs.stderr).toBe(1);
      expect(outputs.har).toContain('/data?t=****');
      expectHidden(everyChannel(outputs));
    }
  });

  it('D32: --show-secrets shows them everywhere, consistently', async () => {
    const dir = await serve();
    const outputs = await runCli(dir, ['--verbose', '--show-secrets', '--input', `bootstrap=${BOOTSTRAP}`]);
    expect(outputs.code, outputs.stderr).toBe(1);
    for (const channel of [outputs.stdout, outputs.har]) for (const secret of SECRETS) expect(channel, secret).toContain(secret);
    expect(outputs.stdout).toContain(`authorization: Bearer ${BOOTSTRAP}`);
    expect(outputs.reportJson).toContain(TOKEN);
  });
});
