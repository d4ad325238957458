/** A document, its OpenAPI description and a real local HTTP server for the queue's tests. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type LocalServer } from '../../engine/test/http/local-server.js';

export interface Fixture {
  readonly document: string;
  /** A workflow whose one step is answered 503 with Retry-After: `retryAfterSeconds` the first time. */
  readonly patient: string;
  retryAfterSeconds: number;
  readonly folder: string;
  readonly server: LocalServer;
  /** Milliseconds the server waits before it answers `/slow`. */
  slowMs: number;
  /** When set, the server answers `/slow` once the promise this returns (called on arrival) settles. */
  holdSlow?: (() => Promise<unknown>) | undefined;
}

export const WORKFLOW = `arazzo: 1.0.1
info: { title: queue test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: greet
    inputs:
      type: object
      required: [name]
      properties:
        name: { type: string }
        password: { type: string, format: password }
    steps:
      - stepId: hello
        operationId: hello
        parameters:
          - { name: name, in: query, value: $inputs.name }
          - { name: X-Pass, in: header, value: $inputs.password }
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { greeting: $response.body#/greeting }
      - stepId: slow
        operationId: slow
        successCriteria: [{ condition: $statusCode == 200 }]
    outputs:
      greeting: $steps.hello.outputs.greeting
`;

const PATIENT = `arazzo: 1.0.1
info: { title: queue test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: patient
    inputs: { type: object, properties: { key: { type: string } } }
    steps:
      - stepId: flaky
        operationId: flaky
        parameters: [{ name: key, in: query, value: $inputs.key }]
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: later, type: retry, retryAfter: 1, retryLimit: 1 }]
`;

export async function startFixture(): Promise<Fixture> {
  const folder = await mkdtemp(join(tmpdir(), 'loom-queue-'));
  const fixture = { slowMs: 0, retryAfterSeconds: 2 } as { slowMs: number; retryAfterSeconds: number; holdSlow?: () => Promise<unknown> } & Partial<Fixture>;
  const flakyCalls = new Map<string, number>();
  const server = await startServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname === '/flaky') {
      const key = url.searchParams.get('key') ?? '';
      const calls = (flakyCalls.get(key) ?? 0) + 1;
      flakyCalls.set(key, calls);
      response.statusCode = calls === 1 ? 503 : 200;
      if (calls === 1) response.setHeader('retry-after', String(fixture.retryAfterSeconds));
      response.end();
      return;
    }
    const answer = () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ greeting: `hello ${url.searchParams.get('name') ?? ''}` }));
    };
    if (url.pathname === '/slow' && fixture.holdSlow) void fixture.holdSlow().finally(answer);
    else if (url.pathname === '/slow' && fixture.slowMs > 0) setTimeout(answer, fixture.slowMs);
    else answer();
  });
  await writeFile(
    join(folder, 'api.openapi.yaml'),
    `openapi: 3.1.0
info: { title: queue api, version: 1.0.0 }
servers: [{ url: '${server.url}' }]
paths:
  /hello:
    get:
      operationId: hello
      parameters:
        - { name: name, in: query, required: true, schema: { type: string } }
        - { name: X-Pass, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
  /slow:
    get:
      operationId: slow
      responses: { '200': { description: ok } }
  /flaky:
    get:
      operationId: flaky
      parameters: [{ name: key, in: query, schema: { type: string } }]
      responses: { '200': { description: ok } }
`,
  );
  await writeFile(join(folder, 'patient.arazzo.yaml'), PATIENT);
  const document = join(folder, 'flow.arazzo.yaml');
  await writeFile(document, WORKFLOW);
  return Object.assign(fixture, { document, folder, server, patient: join(folder, 'patient.arazzo.yaml') }) as Fixture;
}
