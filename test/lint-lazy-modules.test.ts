/**
 * `loom lint` loads neither node-fetch nor Spectral's OpenAPI and Arazzo ajv validators (packages/cli/scripts/bundle.mjs,
 * `lazySpectralFetch`, `lazyArazzoValidators`): each is loaded on first use. node-fetch (packages/cli/scripts/bundle.mjs, `lazySpectralFetch`): Spectral's modules
 * require it when they load, and it brings whatwg-url, tr46's mapping table and Node's http, https and zlib, about
 * 0.1 s of CPU at every lint (issue 11, large documents), for code Loom's lint never calls (its `$ref`s are read by
 * Loom's resolver). In the bundle, Spectral's `node-fetch` is a `fetch` that loads the real one on its first call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';
import { runLoom } from './support/run-loom.js';

const bundleFolder = fileURLToPath(new URL('../packages/cli/dist/bundle/', import.meta.url));
const fixture = fileURLToPath(new URL('../packages/engine/bench/fixtures/pets.arazzo.yaml', import.meta.url));

/** The bundle's files that hold a CommonJS module of `packageName` (esbuild keys each one by its path: `__commonJS({"node_modules/…"(exports`). */
function chunksHolding(packageName: string): string[] {
  const module = new RegExp(`"node_modules/\\.pnpm/[^"]*/node_modules/${packageName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^"]*"\\(exports`);
  return readdirSync(bundleFolder)
    .filter((name) => name.endsWith('.mjs') && module.test(readFileSync(join(bundleFolder, name), 'utf8')))
    .map((name) => join(bundleFolder, name));
}

// Runs in the module hooks thread: appends each module URL loaded, synchronously, so none is lost at exit.
const HOOK = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) { appendFileSync(file, url + '\\n'); return next(url, context); }`;
const preload = (file: string) =>
  `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { file: ${JSON.stringify(file)} } });`)}`;

let folder: string;
let server: LocalServer;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'loom-lint-fetch-'));
  server = await startServer((_request, response) => response.end('openapi: 3.1.0\n'));
});
afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

describe('loom lint leaves node-fetch unloaded (issue 11, large documents)', () => {
  it('issue 11: a lint loads no chunk of node-fetch, whatwg-url or tr46, and lints as before', { timeout: 60_000 }, async () => {
    const fetchChunks = ['node-fetch', 'whatwg-url', 'tr46'].flatMap(chunksHolding);
    expect(fetchChunks.length).toBeGreaterThan(0);
    const file = join(folder, 'modules.txt');
    await writeFile(file, '');
    const result = await runLoom(['lint', fixture, '--format', 'json'], { env: { NODE_OPTIONS: `--import=${preload(file)}` } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The fixture's warnings, as Spectral's JSON results.
    expect((JSON.parse(result.stdout) as { code: string }[]).map((entry) => entry.code).length).toBeGreaterThan(0);
    const loaded = new Set((await readFile(file, 'utf8')).split('\n').filter((line) => line.startsWith('file:')).map((url) => fileURLToPath(url)));
    // Spectral's chunks did load (the check below can see a chunk), node-fetch's did not.
    expect(chunksHolding('@stoplight/spectral-core').some((chunk) => loaded.has(chunk))).toBe(true);
    expect(fetchChunks.filter((chunk) => loaded.has(chunk))).toEqual([]);
    // Spectral's 0.8 MB of schema validators (arazzo-document-schema, off in Loom's ruleset: D23) are not in the bundle at all.
    expect(chunksHolding('@stoplight/spectral-rulesets').some((chunk) => loaded.has(chunk))).toBe(true);
    expect(readdirSync(bundleFolder).filter((name) => /"node_modules\/[^"]*\/arazzo\/schemas\/validators\.js"\(exports/.test(readFileSync(join(bundleFolder, name), 'utf8')))).toEqual([]);
  });

  it("issue 11: a ruleset that turns Spectral's arazzo-document-schema back on still gets its results (its validators load then)", { timeout: 60_000 }, async () => {
    const project = join(folder, 'schema-rule');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, '.spectral.yaml'), 'extends: ["@loom/spectral-ruleset"]\nrules:\n  arazzo-document-schema: error\n');
    // A plain retry without retryAfter: valid Arazzo (D23), which Spectral's schema rejects.
    writeFileSync(
      join(project, 'retry.arazzo.yaml'),
      [
        'arazzo: 1.0.1',
        'info: { title: t, version: 1.0.0 }',
        'sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]',
        'workflows:',
        '  - workflowId: w',
        '    steps:',
        '      - stepId: s',
        '        operationPath: "{$sourceDescriptions.api.url}#/paths/~1pets/get"',
        '        onFailure: [{ name: again, type: retry, retryLimit: 2 }]',
        '',
      ].join('\n'),
    );
    const result = await runLoom(['lint', 'retry.arazzo.yaml', '--no-sources', '--format', 'json'], { cwd: project });
    expect(result.stderr).toBe('');
    const results = JSON.parse(result.stdout) as { code: string; message: string }[];
    expect(results.filter((entry) => entry.code === 'arazzo-document-schema').map((entry) => entry.message)).toContain('"0" property must have required property "retryAfter"');
  });

  it("issue 11: Spectral's http $ref reader still fetches through the bundle: node-fetch loads on the first call", { timeout: 60_000 }, async () => {
    // json-ref-readers' resolveHttp is the bundle's user of node-fetch whose module the chunks export (require_json_ref_readers).
    const [chunk] = readdirSync(bundleFolder).filter((name) => name.endsWith('.mjs') && /export\{[^}]*\brequire_json_ref_readers\b/.test(readFileSync(join(bundleFolder, name), 'utf8')));
    expect(chunk, 'a chunk exporting require_json_ref_readers').toBeDefined();
    const exported = (await import(pathToFileURL(join(bundleFolder, chunk!)).href)) as { require_json_ref_readers: () => { resolveHttp(ref: { href(): string }): Promise<string> } };
    const text = await exported.require_json_ref_readers().resolveHttp({ href: () => `${server.url}/api.yaml` });
    expect(text).toBe('openapi: 3.1.0\n');
    expect(server.received.map((request) => request.url)).toEqual(['/api.yaml']);
  });
});
