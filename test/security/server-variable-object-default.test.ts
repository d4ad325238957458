/**
 * DECISIONS D37: a Server Variable's default goes into the request URL only when it is a string
 * (OAS 3.x §Server Variable Object: `default` is a string) or a number (a YAML port written
 * unquoted). What broke: an object default (e.g. one pulled in by a `$ref`) became
 * `[object Object]` in the URL and was sent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, run } from '../../packages/engine/src/index.js';
import { substituteServerVariables } from '../../packages/engine/src/request/url.js';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';

let scratch = '';
let server: LocalServer;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-server-variable-'));
  server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  });
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  server.received.length = 0;
});

/** Writes an Arazzo document and an OpenAPI whose server has `variables` (YAML flow text); returns the Arazzo file. */
function documents(name: string, serverUrl: string, variables: string): string {
  writeFileSync(
    join(scratch, `${name}.openapi.yaml`),
    `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers:
  - url: '${serverUrl}'
    variables: ${variables}
paths:
  /ping:
    get:
      operationId: ping
      responses: { '200': { description: ok } }
`,
  );
  const file = join(scratch, `${name}.arazzo.yaml`);
  writeFileSync(
    file,
    `arazzo: 1.0.1
info: { title: t, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./${name}.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: ping
        successCriteria: [{ condition: $statusCode == 200 }]
`,
  );
  return file;
}

const badDefaults = [
  { kind: 'an object', yaml: '{ a: 1, secret: s3cr3t }' },
  { kind: 'an array', yaml: '[one, two]' },
  { kind: 'a boolean', yaml: 'true' },
  { kind: 'null', yaml: 'null' },
] as const;

describe('D37: server variable defaults are strings or numbers', () => {
  it.each(badDefaults)('D37: a default that is $kind fails the step before anything is sent', async ({ kind, yaml }) => {
    const file = documents(`bad-${kind.replace(/\W/g, '')}`, `${server.url}/{tenant}`, `{ tenant: { default: ${yaml} } }`);
    const loaded = await loadDocument(file);
    const result = await run(loaded, {});
    expect(result.status).toBe('failure');
    expect(result.steps[0]!.reason).toContain(`server variable 'tenant' has ${kind} as its default`);
    expect(server.received).toEqual([]);
  });

  it('D37: loom run names the variable, exits 1, and the server receives nothing', async () => {
    const file = documents('bad-cli', `${server.url}/{tenant}`, '{ tenant: { default: { a: 1 } } }');
    const result = await runLoomInProcess(['run', file], { cwd: scratch });
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain("server variable 'tenant' has an object as its default");
    expect(`${result.stdout}${result.stderr}`).not.toContain('[object Object]');
    expect(server.received).toEqual([]);
  });

  it('D37: a number default (a port written unquoted) is used in its decimal form', async () => {
    const file = documents('port', 'http://127.0.0.1:{port}/v{version}', `{ port: { default: ${server.port} }, version: { default: '2' } }`);
    const result = await run(await loadDocument(file), {});
    expect(result.status).toBe('success');
    expect(server.received.map((request) => request.url)).toEqual(['/v2/ping']);
  });

  it('D37: substituteServerVariables names the variable and the kind of value', () => {
    expect(substituteServerVariables({ url: 'https://{region}.x.com', variables: { region: { default: { $ref: 'x' } } } })).toEqual({
      ok: false,
      error: {
        code: 'server-variable',
        target: 'region',
        message: "server URL 'https://{region}.x.com': server variable 'region' has an object as its default; OpenAPI wants a string",
      },
    });
    expect(substituteServerVariables({ url: 'https://x.com:{port}', variables: { port: { default: 8443 } } })).toEqual({ ok: true, value: 'https://x.com:8443' });
  });
});
