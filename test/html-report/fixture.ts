/**
 * Real runs for the HTML report tests: a local server with a login that echoes the secret it was
 * sent, a hostile body, a large body and an endpoint that fails; flows that pass and fail against
 * it, run by `loom run --report html=<file>` in process, the report read back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';

export const SECRET = 'hunter2-very-secret-token-9f3a';
/** A body that would run script and load from the network if it were markup. */
export const HOSTILE = `</pre></details><script>document.title='pwned';window.__pwned=1</script><img src="http://127.0.0.1:9/x.png" onerror="window.__pwned=2"><style>body{display:none}</style>`;
export const BIG_BODY_CHARS = 100_000;

export function startReportServer(): Promise<LocalServer> {
  return startServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    response.setHeader('content-type', 'application/json');
    if (path === '/login') {
      // Echoes the secret back in its body and a header: the report must still not show it.
      response.setHeader('x-echo', String(request.headers['x-api-key'] ?? ''));
      response.end(JSON.stringify({ token: `tok-${String(request.headers['x-api-key'])}`, received: request.body.toString('utf8') }));
    } else if (path === '/hostile') {
      response.setHeader('content-type', 'text/html');
      response.end(HOSTILE);
    } else if (path === '/big') {
      response.end(JSON.stringify({ data: 'b'.repeat(BIG_BODY_CHARS) }));
    } else if (path === '/broken') {
      response.statusCode = 503;
      response.end(JSON.stringify({ error: 'down for maintenance' }));
    } else {
      response.end(JSON.stringify({ id: 7, name: 'widget' }));
    }
  });
}

const OPENAPI = (url: string) => `openapi: 3.1.0
info: { title: report api, version: 1.0.0 }
servers: [{ url: '${url}' }]
paths:
  /login:
    post:
      operationId: login
      parameters: [{ name: X-Api-Key, in: header, schema: { type: string } }]
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
  /hostile:
    get: { operationId: hostile, responses: { '200': { description: ok } } }
  /big:
    get: { operationId: big, responses: { '200': { description: ok } } }
  /broken:
    get: { operationId: broken, responses: { '200': { description: ok } } }
`;

const HEADER = `arazzo: 1.0.1
info: { title: report flows, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;

/** Passes: login with a secret, read an item, a hostile body, a large body. */
export const PASSING_FLOW = `${HEADER}workflows:
  - workflowId: shop
    inputs:
      type: object
      properties:
        apiKey: { type: string, format: password }
    steps:
      - stepId: login
        operationId: login
        parameters: [{ name: X-Api-Key, in: header, value: $inputs.apiKey }]
        requestBody: { payload: { key: $inputs.apiKey, user: alice } }
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { token: $response.body#/token }
      - stepId: getItem
        operationId: getItem
        parameters: [{ name: id, in: path, value: 7 }]
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/name == 'widget'
        outputs: { name: $response.body#/name }
      - stepId: hostile
        operationId: hostile
        outputs: { page: $response.body }
      - stepId: big
        operationId: big
    outputs:
      token: $steps.login.outputs.token
      name: $steps.getItem.outputs.name
`;

/** Fails: after a read, a step that gets 503 twice (one retry), so the run fails. */
export const FAILING_FLOW = `${HEADER}workflows:
  - workflowId: flaky
    inputs:
      type: object
      properties:
        apiKey: { type: string, format: password }
    steps:
      - stepId: login
        operationId: login
        parameters: [{ name: X-Api-Key, in: header, value: $inputs.apiKey }]
        requestBody: { payload: { key: $inputs.apiKey } }
      - stepId: broken
        operationId: broken
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: again, type: retry, retryAfter: 0, retryLimit: 1 }
      - stepId: never
        operationId: getItem
        parameters: [{ name: id, in: path, value: 1 }]
`;

export interface ReportRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
  readonly file: string;
  readonly html: string;
}

/** `loom run flow.arazzo.yaml --report html=report.html <args>` in a fresh folder; the report read back. */
export async function runWithHtmlReport(flow: string, serverUrl: string, args: readonly string[] = []): Promise<ReportRun> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-html-report-'));
  await writeFile(join(dir, 'flow.arazzo.yaml'), flow);
  await writeFile(join(dir, 'api.openapi.yaml'), OPENAPI(serverUrl));
  const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--input', `apiKey=${SECRET}`, '--report', 'html=report.html', ...args], { cwd: dir });
  const file = join(dir, 'report.html');
  const html = await readFile(file, 'utf8').catch(() => '');
  return { ...result, dir, file, html };
}
