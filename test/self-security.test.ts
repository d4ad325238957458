/**
 * DECISIONS D107, D108 with D25: `$self` is data from the document, and hostile input is normal input. Which
 * locations a document may read follows where it was READ from, never what its `$self` says; and a document read
 * over http(s) cannot claim a local identity. An "attacker" server on 127.0.0.1 serves the documents and records
 * what it receives; the secret lives in a temp folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, type ArazzoSourceDocument, type LoadedDocument } from '../packages/engine/src/index.js';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from './support/fake-context.js';

const SECRET = 'ghp_s3cr3tT0kenFromTheLocalDisk0123456789';

let scratch = '';
let attacker: LocalServer;
let served: Record<string, string> = {};

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-self-security-'));
  // A local "OpenAPI" whose server URL would carry the secret to the attacker, were it ever read.
  writeFileSync(
    join(scratch, 'openapi.yaml'),
    `openapi: 3.1.0\ninfo: { title: local, version: '1' }\nservers: [{ url: 'http://127.0.0.1:1/${SECRET}' }]\npaths:\n  /x:\n    get:\n      operationId: ping\n      responses: { '200': { description: ok } }\n`,
  );
  attacker = await startServer((request, response) => {
    const text = served[request.url.split('?')[0]!];
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
    response.end((text ?? '').replaceAll('{{attacker}}', attacker.url).replaceAll('{{scratch}}', pathToFileURL(scratch).href));
  });
});
afterAll(async () => {
  await attacker.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  attacker.received.length = 0;
  served = {};
});

const flow = (self: string, sourceUrl: string, workflowId = 'steal') => `arazzo: 1.1.0
$self: ${self}
info: { title: ${workflowId}, version: '1' }
sourceDescriptions:
  - { name: api, url: '${sourceUrl}' }
workflows:
  - workflowId: ${workflowId}
    steps:
      - stepId: call
        operationId: ping
`;

const codes = (loaded: LoadedDocument) => loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.range?.start.line} ${d.message}`);

describe('$self cannot widen what a document may read (D25, D107, D108)', () => {
  it('D107: a remote document whose $self is a file: URL still reads no local file: its relative source is refused', async () => {
    served = { '/flow.arazzo.yaml': flow('{{scratch}}/flow.arazzo.yaml', './openapi.yaml') };
    const loaded = await loadDocument(`${attacker.url}/flow.arazzo.yaml`);
    expect(codes(loaded)).toEqual([
      `reference-not-allowed 5 Source description 'api': ${join(scratch, 'openapi.yaml')} is not read: a document read over http(s) may only reference http(s) resources, not file: URLs`,
    ]);
    expect(JSON.stringify(loaded.diagnostics)).not.toContain(SECRET);

    // The command line: nothing runs, and nothing of the file reaches the attacker or the output.
    const result = await runLoomInProcess(['run', `${attacker.url}/flow.arazzo.yaml`, '--json'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(`${result.stdout}${result.stderr}`).toContain('reference-not-allowed');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    expect(attacker.received.map((request) => request.url)).toEqual(['/flow.arazzo.yaml', '/flow.arazzo.yaml']);
  });

  it('D108: a remote document cannot claim a local identity: a local reference to that file still reads the file', async () => {
    const local = join(scratch, 'local.arazzo.yaml');
    const target = join(scratch, 'target.arazzo.yaml');
    writeFileSync(target, flow(pathToFileURL(target).href, './openapi.yaml', 'real'));
    writeFileSync(local, flow(pathToFileURL(local).href, './openapi.yaml', 'local').replace("  - { name: api, url: './openapi.yaml' }", "  - { name: api, url: './openapi.yaml' }\n  - { name: target, url: './target.arazzo.yaml', type: arazzo }"));
    // The remote document is loaded first (level 1) and says it is target.arazzo.yaml on this disk.
    served = {
      '/impostor.arazzo.yaml': flow(pathToFileURL(target).href, `{{attacker}}/api.yaml`, 'fake'),
      '/api.yaml': `openapi: 3.1.0\ninfo: { title: remote, version: '1' }\npaths:\n  /x:\n    get:\n      operationId: ping\n      responses: { '200': { description: ok } }\n`,
    };
    const root = join(scratch, 'root.arazzo.yaml');
    writeFileSync(
      root,
      `arazzo: 1.1.0\ninfo: { title: root, version: '1' }\nsourceDescriptions:\n  - { name: impostor, url: '${attacker.url}/impostor.arazzo.yaml', type: arazzo }\n  - { name: local, url: ./local.arazzo.yaml, type: arazzo }\nworkflows:\n  - workflowId: main\n    steps:\n      - stepId: s\n        workflowId: $sourceDescriptions.local.local\n`,
    );
    const loaded = await loadDocument(root);
    expect(codes(loaded)).toEqual([]);
    const localDocument = loaded.model?.sources.get('local') as ArazzoSourceDocument | undefined;
    expect(localDocument?.resolved.sources.get('target')).toMatchObject({ url: pathToFileURL(target).href });
    expect([...(localDocument?.resolved.sources.get('target') as ArazzoSourceDocument).resolved.workflows.keys()]).toEqual(['real']);
  });

  it('D107: a local document whose $self is https reads its sources over the network only as the read policy allows', async () => {
    served = { '/specs/openapi.yaml': `openapi: 3.1.0\ninfo: { title: remote, version: '1' }\npaths: {}\n` };
    const file = join(scratch, 'workflows-local.arazzo.yaml');
    writeFileSync(file, flow(`${attacker.url}/workflows/flow.arazzo.yaml`, '../specs/openapi.yaml'));

    const offline = await loadDocument(file, { offline: true });
    expect(codes(offline)).toEqual([`source-unreadable 5 Source description 'api': cannot read ${attacker.url}/specs/openapi.yaml: the network is off (--offline)`]);
    const otherHost = await loadDocument(file, { allowHosts: ['api.example.com'] });
    expect(codes(otherHost)[0]).toContain(`host '127.0.0.1:${attacker.port}' is not an allowed host`);
    expect(attacker.received).toEqual([]);

    const result = await runLoomInProcess(['validate', file, '--offline'], { cwd: scratch });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the network is off (--offline)');
    expect(attacker.received).toEqual([]);
  });

  it('D107: a $self with a fragment stays a schema error', async () => {
    const file = join(scratch, 'fragment.arazzo.yaml');
    writeFileSync(file, flow('https://example.com/flow.arazzo.yaml#part', './openapi.yaml'));
    const loaded = await loadDocument(file, { offline: true, loadSources: false });
    expect(codes(loaded).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['arazzo-schema 2']);
  });
});
