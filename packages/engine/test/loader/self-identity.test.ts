/**
 * DECISIONS D108: Arazzo 1.1.0 §Identity-Based Referencing. A source `url` that is the `$self` of a provided document
 * (the root, or one of `documents`) or of an Arazzo document loaded earlier is that document, with no request; only
 * otherwise is the URL read. Identities under example.com are never reachable here: every test that must not fetch is
 * `offline`, and the local server records what would have been fetched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoomError, loadDocument, run, type ArazzoSourceDocument, type LoadedDocument } from '../../src/index.js';
import { startServer, type LocalServer } from '../http/local-server.js';

let server: LocalServer;
let served: Record<string, string> = {};
let scratch = '';

beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.url.startsWith('/api/')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":7}');
      return;
    }
    const text = served[request.url];
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
    response.end(text ?? '');
  });
  scratch = mkdtempSync(join(tmpdir(), 'loom-self-identity-'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  server.received.length = 0;
  served = {};
});

/** Writes `text` to `name` in the scratch folder; returns its path. */
function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** An Arazzo 1.1 document with one workflow `workflowId` that runs `$sourceDescriptions.<first>.<target>` or lists pets. */
function arazzo(options: { self?: string; sources: readonly [name: string, url: string, type: string][]; workflowId: string; step?: string }): string {
  return `arazzo: 1.1.0
${options.self === undefined ? '' : `$self: ${options.self}\n`}info: { title: ${options.workflowId}, version: '1' }
sourceDescriptions:
${options.sources.map(([name, url, type]) => `  - { name: ${name}, url: '${url}', type: ${type} }`).join('\n')}
workflows:
  - workflowId: ${options.workflowId}
    steps:
      - stepId: only
        ${options.step ?? 'operationId: getPet'}
`;
}

const PETS_32 = (self: string) => `openapi: 3.2.0
$self: ${self}
info: { title: Pets, version: '1' }
servers: [{ url: '${server.url}/api' }]
paths:
  /pet:
    get:
      operationId: getPet
      responses: { '200': { description: ok } }
`;

const errors = (loaded: LoadedDocument) => loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.range?.start.line ?? ''} ${d.message}`);
const arazzoSource = (loaded: LoadedDocument, name: string) => loaded.model?.sources.get(name) as ArazzoSourceDocument | undefined;

describe('D108: identity-based referencing', () => {
  it('D108: an air-gapped set: absolute urls are matched to the provided documents by $self, offline, and the workflow runs', async () => {
    const root = file(
      'root.arazzo.yaml',
      arazzo({ sources: [['shared', 'https://workflows.example.com/canonical/shared.arazzo.yaml', 'arazzo']], workflowId: 'main', step: 'workflowId: $sourceDescriptions.shared.fetch' }),
    );
    // The shared document's relative source resolves against its $self (D107) to another identity, an OpenAPI 3.2 $self.
    const shared = file('mirror-copy-of-shared.yaml', arazzo({ self: 'https://workflows.example.com/canonical/shared.arazzo.yaml', sources: [['pets', '../specs/pets.yaml', 'openapi']], workflowId: 'fetch' }));
    const pets = file('pets-copy.yaml', PETS_32('https://workflows.example.com/specs/pets.yaml'));
    const loaded = await loadDocument(root, { offline: true, documents: [shared, pets] });
    expect(errors(loaded)).toEqual([]);
    expect(arazzoSource(loaded, 'shared')?.url).toBe(pathToFileURL(shared).href);
    expect(arazzoSource(loaded, 'shared')?.resolved.sources.get('pets')?.url).toBe(pathToFileURL(pets).href);
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(server.received.map((request) => request.url)).toEqual(['/api/pet']);
  });

  it('D108: a match takes precedence over fetching: the provided document is used and the URL is never requested', async () => {
    const url = `${server.url}/shared.arazzo.yaml`;
    served = { '/shared.arazzo.yaml': arazzo({ self: url, sources: [['pets', `${server.url}/pets.yaml`, 'openapi']], workflowId: 'fromServer' }), '/pets.yaml': PETS_32(`${server.url}/pets.yaml`) };
    const root = file('precedence.arazzo.yaml', arazzo({ sources: [['shared', url, 'arazzo']], workflowId: 'main', step: 'workflowId: $sourceDescriptions.shared.fromServer' }));

    // Without a provided document, the URL is a location: read from the server.
    const fetched = await loadDocument(root);
    expect(errors(fetched)).toEqual([]);
    expect(server.received.map((request) => request.url)).toEqual(['/shared.arazzo.yaml', '/pets.yaml']);

    server.received.length = 0;
    const provided = file('provided-shared.yaml', arazzo({ self: url, sources: [['pets', `${server.url}/pets.yaml`, 'openapi']], workflowId: 'fromFile' }));
    const matched = await loadDocument(root, { documents: [provided] });
    // The root names workflow fromServer, which the provided document does not have: it is the provided one that was read.
    expect(errors(matched)).toEqual(["step-workflow-target 9 Step 'only' runs workflow '$sourceDescriptions.shared.fromServer', but the Arazzo source 'shared' has no workflow 'fromServer'."]);
    expect(server.received.map((request) => request.url)).toEqual(['/pets.yaml']);
  });

  it('D108: the root document is found by its own $self (a cycle through identities ends at the root)', async () => {
    const self = `${server.url}/root-by-identity.arazzo.yaml`;
    const child = file('child.arazzo.yaml', arazzo({ sources: [['back', self, 'arazzo']], workflowId: 'child', step: 'workflowId: $sourceDescriptions.back.main' }));
    const root = file('root-self.arazzo.yaml', arazzo({ self, sources: [['child', pathToFileURL(child).href, 'arazzo']], workflowId: 'main', step: 'workflowId: $sourceDescriptions.child.child' }));
    const loaded = await loadDocument(root);
    expect(errors(loaded)).toEqual([]);
    expect(arazzoSource(loaded, 'child')?.resolved.sources.get('back')).toMatchObject({ url: pathToFileURL(root).href });
    expect(server.received).toEqual([]);
  });

  it('D108: a document loaded earlier in the run is found by its $self from a later one, in load order', async () => {
    const identity = 'https://workflows.example.com/a.arazzo.yaml';
    const b = file('b.arazzo.yaml', arazzo({ sources: [['a', identity, 'arazzo']], workflowId: 'b', step: 'workflowId: $sourceDescriptions.a.a' }));
    const a = file('a.arazzo.yaml', arazzo({ self: identity, sources: [['b', pathToFileURL(b).href, 'arazzo']], workflowId: 'a', step: 'workflowId: $sourceDescriptions.b.b' }));
    const root = file('level.arazzo.yaml', arazzo({ sources: [['a', './a.arazzo.yaml', 'arazzo']], workflowId: 'main', step: 'workflowId: $sourceDescriptions.a.a' }));
    const loaded = await loadDocument(root, { offline: true });
    expect(errors(loaded)).toEqual([]);
    const loadedA = arazzoSource(loaded, 'a')!.resolved;
    const loadedB = (loadedA.sources.get('b') as ArazzoSourceDocument).resolved;
    expect((loadedB.sources.get('a') as ArazzoSourceDocument).url).toBe(pathToFileURL(a).href);
  });

  it('D108: two provided documents with the same $self are a usage error naming both files', async () => {
    const self = 'https://workflows.example.com/twice.arazzo.yaml';
    const one = file('one.arazzo.yaml', arazzo({ self, sources: [['p', './p.yaml', 'openapi']], workflowId: 'one' }));
    const two = file('two.arazzo.yaml', arazzo({ self, sources: [['p', './p.yaml', 'openapi']], workflowId: 'two' }));
    const root = file('dup-root.arazzo.yaml', arazzo({ sources: [['s', self, 'arazzo']], workflowId: 'main', step: 'workflowId: $sourceDescriptions.s.one' }));
    for (const [main, documents] of [
      [root, [one, two]],
      [one, [two]],
    ] as const) {
      const error = await loadDocument(main, { offline: true, documents }).catch((caught: unknown) => caught);
      expect(isLoomError(error) && error.code).toBe('LOOM_ERR_USAGE');
      expect((error as Error).message).toContain(`${one} and ${two} both have $self ${self}`);
    }
    // The same file given twice, or the root given again, is one document.
    const loaded = await loadDocument(one, { offline: true, loadSources: false, documents: [one, one] });
    expect(errors(loaded)).toEqual([]);
  });

  it('D108: a provided document without a $self, or one that cannot be read, is an error before anything else is read', async () => {
    const root = file('plain-root.arazzo.yaml', arazzo({ sources: [['s', `${server.url}/never.yaml`, 'arazzo']], workflowId: 'main' }));
    const plain = file('plain.arazzo.yaml', arazzo({ sources: [['p', './p.yaml', 'openapi']], workflowId: 'plain' }));
    const noSelf = await loadDocument(root, { documents: [plain] }).catch((caught: unknown) => caught);
    expect(isLoomError(noSelf) && noSelf.code).toBe('LOOM_ERR_USAGE');
    expect((noSelf as Error).message).toBe(`provided document ${plain}: it has no $self field, so no reference can name it by identity`);
    const missing = await loadDocument(root, { documents: [join(scratch, 'absent.yaml')] }).catch((caught: unknown) => caught);
    expect(isLoomError(missing) && missing.code).toBe('LOOM_ERR_READ');
    expect(server.received).toEqual([]);
  });
});
