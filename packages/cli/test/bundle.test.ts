/**
 * The bundled CLI (packages/cli/scripts/bundle.mjs -> dist/bundle/loom.mjs), run as a process:
 * the parts that load on demand — chunks for xpath (fontoxpath, @xmldom/xmldom) and for the
 * inputs compiler (ajv), `createRequire` loads (the JSONPath library, the CLI's package.json)
 * — must still load from the bundle, and the heavy ones must stay out of what every start reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runLoom } from '../../../test/support/run-loom.js';
import { staticImportClosure } from '../../../test/support/static-imports.js';
import { startServer, type LocalServer } from '../../engine/test/http/local-server.js';

const bundleEntry = fileURLToPath(new URL('../dist/bundle/loom.mjs', import.meta.url));

const api = `openapi: 3.1.0
info: { title: shop, version: 1.0.0 }
paths:
  /feed:
    get:
      operationId: getFeed
      responses: { '200': { description: ok } }
  /items:
    get:
      operationId: listItems
      parameters: [{ name: limit, in: query, schema: { type: integer } }]
      responses: { '200': { description: ok } }
`;

const flow = `arazzo: 1.0.1
info: { title: shop, version: 1.0.0 }
sourceDescriptions:
  - { name: shop, url: ./shop.openapi.yaml, type: openapi }
workflows:
  - workflowId: readFeed
    steps:
      - stepId: feed
        operationId: getFeed
        successCriteria:
          - { context: $response.body, condition: '/feed/entry[@id = "2"]', type: xpath }
          - { context: $response.body, condition: count(/feed/entry) = 2, type: { type: xpath, version: xpath-30 } }
  - workflowId: findItem
    inputs:
      type: object
      required: [limit]
      properties:
        limit: { type: integer, minimum: 1 }
    steps:
      - stepId: items
        operationId: listItems
        parameters:
          - { name: limit, in: query, value: $inputs.limit }
        successCriteria:
          - { context: $response.body, condition: "$.items[?@.sku == 'A1' && @.stock > 0]", type: jsonpath }
`;

describe('the bundled loom (process)', () => {
  let server: LocalServer;
  let dir: string;
  let feedEntries = 2;
  let stock = 3;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      if (request.url.startsWith('/feed')) {
        response.setHeader('content-type', 'application/atom+xml');
        const entries = Array.from({ length: feedEntries }, (_, index) => `<entry id="${index + 1}"><title>t${index + 1}</title></entry>`).join('');
        response.end(`<?xml version="1.0"?><feed>${entries}</feed>`);
      } else {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ items: [{ sku: 'B2', stock: 9 }, { sku: 'A1', stock }] }));
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'loom-bundle-'));
    await writeFile(join(dir, 'shop.openapi.yaml'), api);
    await writeFile(join(dir, 'flow.arazzo.yaml'), flow);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.received.length = 0;
    feedEntries = 2;
    stock = 3;
  });
  const run = (workflow: string, ...extra: string[]) =>
    runLoom(['run', 'flow.arazzo.yaml', '--workflow', workflow, '--server', `shop=${server.url}`, '--json', ...extra], { cwd: dir });

  it('xpath criteria load their chunk (fontoxpath, @xmldom/xmldom) and are evaluated', async () => {
    const passed = await run('readFeed');
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ status: 'success' });
    expect(server.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /feed']);

    feedEntries = 3;
    const failed = await run('readFeed');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failure', error: { stepId: 'feed' } });
  });

  it('jsonpath criteria load the JSONPath library from @loom/expressions and are evaluated', async () => {
    const passed = await run('findItem', '--input', 'limit=5');
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(server.received.map((request) => request.url)).toEqual(['/items?limit=5']);

    stock = 0;
    const failed = await run('findItem', '--input', 'limit=5');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failure', error: { stepId: 'items' } });
  });

  it("the inputs compiler's chunk (ajv) loads: an input that breaks the schema is refused before any request", async () => {
    const result = await run('findItem', '--input', 'limit=0');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/input limit must be >= 1/);
    expect(server.received).toEqual([]);
  });

  it("--version reads the CLI's own package.json", async () => {
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
    const result = await runLoom(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('what every start loads (the entry and its static imports) holds no heavy module', () => {
    const loaded = staticImportClosure(bundleEntry);
    expect(loaded.length).toBeGreaterThan(0);
    const text = loaded.map((file) => readFileSync(file, 'utf8')).join('\n');
    // Bundled CommonJS modules are keyed by their path; ESM ones are not, so these are all CommonJS.
    for (const heavy of ['/node_modules/ajv/dist/core.js', '/node_modules/ajv-formats/', '/node_modules/fontoxpath/', '/node_modules/@xmldom/xmldom/']) {
      expect(text, heavy).not.toContain(heavy);
    }
    // Every command but `run` is a chunk of its own (main.ts): Spectral (`loom lint`) and json-schema-to-typescript
    // (`loom types`) are not even named by what every start loads.
    expect(text).not.toContain('@loom/spectral-ruleset');
    expect(text).not.toContain('json-schema-to-typescript');
    // json-schema-to-typescript stays outside the bundle: `loom types` imports it from node_modules.
    const chunks = readdirSync(dirname(bundleEntry)).filter((file) => file.endsWith('.mjs')).map((file) => readFileSync(join(dirname(bundleEntry), file), 'utf8'));
    expect(chunks.some((chunk) => chunk.includes('import("json-schema-to-typescript")'))).toBe(true);
    expect(text).not.toContain('@stoplight/');
    expect(text).not.toContain('/node_modules/rollup/');
  });

  it("Spectral's rule walk runs nimma's main build, not its Node 12 build (babel's private-field helpers)", () => {
    const folder = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
    const text = readdirSync(folder)
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(join(folder, file), 'utf8'))
      .join('\n');
    // spectral-core imports `nimma/legacy`; the bundle resolves it to nimma's main build (bundle.mjs, modernNimma).
    expect(text).toContain('/node_modules/nimma/dist/cjs/runtime/scope.js');
    expect(text).not.toContain('/node_modules/nimma/dist/legacy/');
  });
});
