/**
 * DECISIONS D107: Arazzo 1.1.0 §Establishing the Base URI and Appendix B, each worked example as a test. The hosts of
 * the examples (api.example.com) are replaced by a local server where a read must happen, and kept where `offline`
 * shows the URL Loom would read without reading it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, run } from '../../src/index.js';
import { startServer, type LocalServer } from '../http/local-server.js';

const PETSTORE = `openapi: 3.1.0
info: { title: Pets, version: '1' }
servers: [{ url: '{{server}}/api' }]
paths:
  /pets:
    get:
      operationId: listPets
      responses: { '200': { description: ok } }
`;

/** The appendix's document, with `$self` (or none) and the source `url` as given. */
function purchase(self: string | undefined, url = '../specs/petstore.yaml'): string {
  return `arazzo: 1.1.0
${self === undefined ? '# No $self field' : `$self: ${self}`}
info:
  title: Pet Purchase Workflow
  version: 1.0.0
sourceDescriptions:
  - name: petstore
    url: ${url}
    type: openapi
workflows:
  - workflowId: buy
    steps:
      - stepId: list
        operationId: listPets
        parameters:
          - { name: X-Self, in: header, value: $self }
        successCriteria: [{ condition: $statusCode == 200 }]
`;
}

let server: LocalServer;
/** Path -> document text; `{{server}}` is the server's URL. */
let served: Record<string, string> = {};
let scratch = '';

beforeAll(async () => {
  server = await startServer((request, response) => {
    const text = served[request.url];
    if (request.url.startsWith('/api/')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
      return;
    }
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
    response.end(text === undefined ? '' : text.replaceAll('{{server}}', server.url));
  });
  scratch = mkdtempSync(join(tmpdir(), 'loom-self-base-'));
  mkdirSync(join(scratch, 'workflows'));
  mkdirSync(join(scratch, 'specs'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  server.received.length = 0;
  served = {};
});

const paths = () => server.received.map((request) => `${request.method} ${request.url}`);
const problems = (loaded: Awaited<ReturnType<typeof loadDocument>>) => loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message]);

describe('D107: the base URI of relative references (Arazzo 1.1.0 Appendix B)', () => {
  it('D107: Base URI Within Content: a local document with an absolute $self resolves its sources against $self, regardless of the retrieval URI', async () => {
    // The appendix's own URLs: offline, the resolved URL is named and nothing is read.
    const file = join(scratch, 'workflows', 'purchase.arazzo.yaml');
    writeFileSync(file, purchase('https://api.example.com/workflows/purchase.arazzo.yaml'));
    writeFileSync(join(scratch, 'specs', 'petstore.yaml'), PETSTORE);
    const offline = await loadDocument(file, { offline: true });
    expect(problems(offline)).toEqual([
      ['source-unreadable', 8, "Source description 'petstore': cannot read https://api.example.com/specs/petstore.yaml: the network is off (--offline)"],
    ]);

    // The same with a $self on a real (local) server: the source is read from there, not from ../specs next to the file.
    served = { '/specs/petstore.yaml': PETSTORE };
    writeFileSync(file, purchase(`${server.url}/workflows/purchase.arazzo.yaml`));
    const loaded = await loadDocument(file);
    expect(problems(loaded)).toEqual([]);
    expect(paths()).toEqual(['GET /specs/petstore.yaml']);
    expect(loaded.openApiSources.get('petstore')?.url).toBe(`${server.url}/specs/petstore.yaml`);
  });

  it('D107: Base URI From the Retrieval URI (No $self): the source resolves against where the document was read', async () => {
    const file = join(scratch, 'workflows', 'no-self.arazzo.yaml');
    writeFileSync(file, purchase(undefined));
    writeFileSync(join(scratch, 'specs', 'petstore.yaml'), PETSTORE);
    const loaded = await loadDocument(file, { offline: true });
    expect(problems(loaded)).toEqual([]);
    expect(loaded.openApiSources.get('petstore')?.url).toBe(pathToFileURL(join(scratch, 'specs', 'petstore.yaml')).href);
    expect(paths()).toEqual([]);
  });

  it('D107: Resolving Relative $self: $self resolves against the retrieval URI first, then the source against it', async () => {
    served = {
      '/v2/api-description.yaml': purchase('workflows/purchase.arazzo.yaml'),
      '/v2/specs/petstore.yaml': PETSTORE,
    };
    const loaded = await loadDocument(`${server.url}/v2/api-description.yaml`);
    expect(problems(loaded)).toEqual([]);
    expect(paths()).toEqual(['GET /v2/api-description.yaml', 'GET /v2/specs/petstore.yaml']);
  });

  it('D103: with a relative $self field, $self evaluates to that field resolved against the retrieval URL, the base its sources use', async () => {
    served = {
      '/v2/api-description.yaml': purchase('workflows/purchase.arazzo.yaml'),
      '/v2/specs/petstore.yaml': PETSTORE,
    };
    const loaded = await loadDocument(`${server.url}/v2/api-description.yaml`);
    server.received.length = 0;
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(server.received.map((request) => [request.url, request.headers['x-self']])).toEqual([['/api/pets', `${server.url}/v2/workflows/purchase.arazzo.yaml`]]);
  });

  it('D107: an absolute source url is used as written, whatever the base URI', async () => {
    served = { '/elsewhere/petstore.yaml': PETSTORE };
    const file = join(scratch, 'workflows', 'absolute.arazzo.yaml');
    writeFileSync(file, purchase('https://api.example.com/workflows/purchase.arazzo.yaml', `${server.url}/elsewhere/petstore.yaml`));
    const loaded = await loadDocument(file);
    expect(problems(loaded)).toEqual([]);
    expect(paths()).toEqual(['GET /elsewhere/petstore.yaml']);
  });

  it('D107: a source url that cannot be resolved against $self is an error at the url field', async () => {
    const file = join(scratch, 'workflows', 'unresolvable.arazzo.yaml');
    writeFileSync(file, purchase('urn:example:purchase'));
    const loaded = await loadDocument(file, { offline: true });
    expect(problems(loaded)).toEqual([['source-unreadable', 8, "Source description 'petstore': cannot resolve '../specs/petstore.yaml' against urn:example:purchase: not a valid URL"]]);
    expect(loaded.diagnostics.find((d) => d.code === 'source-unreadable')?.range?.start.column).toBe(10);
  });

  it('D107: an Arazzo 1.0 document has no $self: its sources resolve against the retrieval URL (the field is an arazzo-version error)', async () => {
    const file = join(scratch, 'workflows', 'ten.arazzo.yaml');
    writeFileSync(file, purchase(`${server.url}/workflows/purchase.arazzo.yaml`).replace('arazzo: 1.1.0', 'arazzo: 1.0.1').replace('        parameters:\n          - { name: X-Self, in: header, value: $self }\n', ''));
    writeFileSync(join(scratch, 'specs', 'petstore.yaml'), PETSTORE);
    const loaded = await loadDocument(file);
    expect(paths()).toEqual([]);
    expect(loaded.openApiSources.get('petstore')?.url).toBe(pathToFileURL(join(scratch, 'specs', 'petstore.yaml')).href);
    expect(problems(loaded).map(([code]) => code)).toEqual(['arazzo-version']);
  });
});
