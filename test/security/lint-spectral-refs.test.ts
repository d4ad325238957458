/**
 * DECISIONS D25, D36 for `loom lint`: Spectral resolves the `$ref`s of the linted document itself.
 * What broke: its default resolver fetched URLs with `--offline`, read `/dev/zero` and FIFOs without
 * a cap, and followed a remote document's `file:` refs. Now it reads through the engine's reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';

let scratch = '';
let server: LocalServer;
let documents: Record<string, string> = {};

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-lint-refs-'));
  writeFileSync(join(scratch, 'secret.yaml'), 'type: string\ndescription: LINT-SECRET-42\n');
  writeFileSync(join(scratch, 'api.openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: a, version: 1.0.0 }\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: { "200": { description: ok } }\n');
  server = await startServer((request, response) => {
    const text = documents[request.url];
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
    response.end(text ?? '');
  });
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  server.received.length = 0;
  documents = {};
});

/** A local Arazzo document whose workflow inputs schema is `$ref: <ref>`. */
function documentWithInputsRef(name: string, ref: string): string {
  const file = join(scratch, `${name}.arazzo.yaml`);
  writeFileSync(
    file,
    `arazzo: 1.0.1
info: { title: t, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      $ref: '${ref}'
    steps:
      - { stepId: s, operationId: ping }
`,
  );
  return file;
}

interface LintJson {
  readonly diagnostics: readonly { readonly code: string; readonly message: string }[];
}

async function lint(file: string, ...flags: string[]): Promise<{ code: number | null; report: LintJson; stderr: string }> {
  const result = await runLoomInProcess(['lint', file, '--format', 'json', ...flags], { cwd: scratch });
  // DECISIONS D51: Spectral's JSON shape, an array of results.
  return { code: result.code, report: { diagnostics: JSON.parse(result.stdout || '[]') as LintJson['diagnostics'] }, stderr: result.stderr };
}

describe('loom lint: what Spectral may read for a $ref', () => {
  it('D25: with --offline a $ref to a URL is an invalid-ref naming --offline, and no request is sent', async () => {
    documents['/schema.yaml'] = 'type: object\n';
    const { report } = await lint(documentWithInputsRef('offline', `${server.url}/schema.yaml`), '--offline');
    const invalid = report.diagnostics.find((diagnostic) => diagnostic.code === 'invalid-ref');
    expect(invalid?.message).toContain('--offline');
    expect(server.received).toEqual([]);
  }, 30_000);

  it('D36: with --allow-host a $ref to another host is refused before any request', async () => {
    documents['/schema.yaml'] = 'type: object\n';
    const { report } = await lint(documentWithInputsRef('allow-host', `http://localhost:${server.port}/schema.yaml`), '--allow-host', '127.0.0.1');
    expect(report.diagnostics.find((diagnostic) => diagnostic.code === 'invalid-ref')?.message).toContain('is not an allowed host');
    expect(server.received).toEqual([]);
  }, 30_000);

  it('D25: a file: $ref inside a remote document never reads the local file (guard)', async () => {
    documents['/schema.yaml'] = `type: object\nproperties:\n  leak: { $ref: 'file://${join(scratch, 'secret.yaml')}' }\n`;
    const { report } = await lint(documentWithInputsRef('remote-to-file', `${server.url}/schema.yaml`));
    // json-ref-resolver reads such a ref against the http(s) base (a request to the same server);
    // the resolver refuses any other outcome (spectral-resolver.ts). Either way the file is not read.
    const received = server.received.map((request) => `${request.url}\n${request.body.toString('utf8')}`).join('\n');
    expect(received).not.toContain('LINT-SECRET-42');
    expect(JSON.stringify(report)).not.toContain('LINT-SECRET-42');
    expect(report.diagnostics.find((diagnostic) => diagnostic.code === 'invalid-ref')?.message).not.toContain('no such file');
  }, 30_000);

  it('D25: a $ref to /dev/zero in the linted document is refused fast, not read', async () => {
    const started = Date.now();
    // Spectral reads even an absolute path relative to the document's folder, so the way there is relative.
    const { code, report } = await lint(documentWithInputsRef('dev-zero', relative(scratch, '/dev/zero')));
    // Spectral's start-up included; /dev/zero read without a cap would not end at all.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(1);
    expect(report.diagnostics.find((diagnostic) => diagnostic.code === 'invalid-ref')?.message).toContain('not a regular file');
  }, 30_000);

  it('D25: a remote OpenAPI source that $refs a local file is reported (reference-not-allowed, by loom-operations), and the file is not read', async () => {
    documents['/openapi.yaml'] = `openapi: 3.1.0
info: { title: remote, version: 1.0.0 }
paths:
  /ping:
    get:
      operationId: ping
      parameters: [{ $ref: 'file://${join(scratch, 'secret.yaml')}' }]
      responses: { '200': { description: ok } }
`;
    const file = join(scratch, 'remote-source.arazzo.yaml');
    writeFileSync(file, `arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions:\n  - { name: api, url: '${server.url}/openapi.yaml', type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: ping }\n`);
    const { code, report } = await lint(file);
    expect(code).toBe(1);
    const refused = report.diagnostics.find((diagnostic) => diagnostic.code === 'reference-not-allowed');
    expect(refused?.message).toContain('may only reference http(s) resources');
    expect(JSON.stringify(report)).not.toContain('LINT-SECRET-42');
  }, 30_000);

  it('a local $ref is still resolved (regression guard)', async () => {
    const { report } = await lint(documentWithInputsRef('local', './secret.yaml'));
    expect(report.diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-ref')).toEqual([]);
  }, 30_000);
});
