import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * Issue 11: OpenAPI documents people wrote gave false errors. A `$ref` inside a specification extension
 * (`x-...`, e.g. a vendor policy list) was resolved and reported, and an unresolvable `$ref` in an operation
 * no step uses blocked validate and run (DECISIONS D42).
 */
let scratch: string;
let server: LocalServer;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-oas-false-errors-'));
  server = await startServer((_request, response) => response.end());
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const ARAZZO = `arazzo: 1.0.1
info: { title: t, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: me
        successCriteria: [{ condition: $statusCode == 200 }]
`;

function write(openapi: string): string {
  const folder = mkdtempSync(join(scratch, 'case-'));
  writeFileSync(join(folder, 'api.openapi.yaml'), openapi);
  writeFileSync(join(folder, 'flow.arazzo.yaml'), ARAZZO);
  return folder;
}

describe('false errors from OpenAPI sources', { timeout: 60_000 }, () => {
  it('a $ref inside an x- extension is not an OpenAPI reference: validate and run report nothing about it', async () => {
    const folder = write(`openapi: 3.0.3
info: { title: t, version: 1.0.0, x-logo: { $ref: '#/nope' } }
servers: [{ url: '${server.url}' }]
paths:
  /me:
    get:
      operationId: me
      x-vendor-policy-list:
        - $ref: '#/components/x-vendor-policy/Policy1'
        - $ref: '#/components/x-vendor-policy/Policy2'
      responses: { '200': { description: ok } }
components:
  x-vendor-policy:
    $ref: ../policies.yaml
`);
    const [validate, run] = await Promise.all([runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: folder }), runLoomInProcess(['run', 'flow.arazzo.yaml'], { cwd: folder })]);
    expect(validate.stdout + validate.stderr).not.toMatch(/ref/i);
    expect(validate.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/ref/i);
    expect(run.code).toBe(0);
  });

  it('D42: an unresolvable $ref in an operation no step uses is a warning; validate passes and the run goes ahead', async () => {
    const folder = write(`openapi: 3.1.0
info: { title: t, version: 1.0.0 }
servers: [{ url: '${server.url}' }]
paths:
  /me:
    get:
      operationId: me
      responses: { '200': { description: ok } }
  /unused:
    post:
      operationId: unused
      requestBody: { $ref: '#/components/requestBodies/Gone' }
      responses: { '200': { description: ok } }
`);
    const [validate, run] = await Promise.all([runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: folder }), runLoomInProcess(['run', 'flow.arazzo.yaml'], { cwd: folder })]);
    expect(validate.stdout).toMatch(/api\.openapi\.yaml:12:\d+ +warning +openapi-ref-unresolved +\$ref '#\/components\/requestBodies\/Gone' does not resolve/);
    expect(validate.code).toBe(0);
    expect(run.code).toBe(0);
  });
});
