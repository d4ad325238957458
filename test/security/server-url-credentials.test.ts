/**
 * DECISIONS D31: credentials in a server URL (`http://user:pass@host`) are sent as
 * Basic auth, as curl sends them, and are never printed: not in step lines, --verbose,
 * --har, reports, --json or --dry-run. A step's own Authorization header wins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { ARAZZO_HEADER, everyChannel, runCli, runInProcess, startServer, writeFlow, type LocalServer } from './run-fixture.js';

const PATHS = `  /who:
    get: { operationId: who, responses: { '200': { description: ok } } }
`;

const FLOW = `${ARAZZO_HEADER}workflows:
  - workflowId: who
    inputs:
      type: object
      properties:
        auth: { type: string }
    steps:
      - stepId: ask
        operationId: who
        parameters:
          - { name: Authorization, in: header, value: $inputs.auth }
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { url: $url }
    outputs:
      url: $steps.ask.outputs.url
`;

const USER = 'alice';
const PASSWORD = 'p@ss!word(42)';
// How the password is written in a URL's userinfo.
const PASSWORD_IN_URL = 'p%40ss!word(42)';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(): Promise<LocalServer> {
  server = await startServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end('{"ok":true}');
  });
  return server;
}

function withCredentials(url: string): string {
  return url.replace('http://', `http://${USER}:${PASSWORD_IN_URL}@`);
}

function expectNoCredentials(text: string): void {
  for (const secret of [PASSWORD, PASSWORD_IN_URL, BASIC.slice('Basic '.length), `${USER}:`]) expect(text, secret).not.toContain(secret);
}

describe('D31: credentials in a server URL', () => {
  it('D31: from the OpenAPI servers: sent as Basic auth, the URL sent and shown without them', async () => {
    const api = await serve();
    const dir = await writeFlow(FLOW, withCredentials(api.url), PATHS);
    const { result, events } = await runInProcess(dir);
    expect(result.status, result.error?.message).toBe('success');
    expect(api.received.map((request) => [request.url, request.headers['authorization']])).toEqual([['/who', BASIC]]);
    // Embedding code gets the URL the request went to, which never held the credentials.
    expect(result.outputs).toEqual({ url: `${api.url}/who` });
    expectNoCredentials(JSON.stringify(events));
  });

  it('D31: every loom run channel (human, --verbose, --har, reports, --json, --dry-run) hides them', async () => {
    const api = await serve();
    const dir = await writeFlow(FLOW, withCredentials(api.url), PATHS);
    for (const args of [['--verbose'], ['--json']]) {
      const outputs = await runCli(dir, args);
      expect(outputs.code, outputs.stderr).toBe(0);
      expectNoCredentials(everyChannel(outputs));
    }
    expect(api.received.map((request) => request.headers['authorization'])).toEqual([BASIC, BASIC]);
    for (const args of [['--dry-run'], ['--dry-run', '--json']]) {
      const dry = await runLoomInProcess(['run', 'flow.arazzo.yaml', ...args], { cwd: dir });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`${api.url}/who`);
      expectNoCredentials(dry.stdout + dry.stderr);
    }
  });

  it('D31: from --server: sent as Basic auth and hidden', async () => {
    const api = await serve();
    const dir = await writeFlow(FLOW, 'http://127.0.0.1:9/unused', PATHS);
    const outputs = await runCli(dir, ['--verbose', '--server', `api=${withCredentials(api.url)}`]);
    expect(outputs.code, outputs.stderr).toBe(0);
    expect(api.received.map((request) => request.headers['authorization'])).toEqual([BASIC]);
    expectNoCredentials(everyChannel(outputs));
  });

  it("D31: a step's own Authorization header wins over the URL's credentials, which are still hidden", async () => {
    const api = await serve();
    const dir = await writeFlow(FLOW, withCredentials(api.url), PATHS);
    const { result, events } = await runInProcess(dir, { inputs: { auth: 'Bearer own-token-123' } });
    expect(result.status).toBe('success');
    expect(api.received.map((request) => request.headers['authorization'])).toEqual(['Bearer own-token-123']);
    expectNoCredentials(JSON.stringify(events));
  });

  it('D31: an invalid server URL with credentials is reported without them', async () => {
    const dir = await writeFlow(FLOW, 'http://127.0.0.1:9', PATHS);
    const outputs = await runCli(dir, ['--server', `api=http://${USER}:${PASSWORD_IN_URL}@bad host/`]);
    expect(outputs.code).toBe(1);
    expect(outputs.stdout).toContain('is not a valid URL');
    expectNoCredentials(everyChannel(outputs));
  });
});
