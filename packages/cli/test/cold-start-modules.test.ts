/**
 * Cold start (issue 12): what a `loom run` process loads, counted rather than timed, so that a
 * change that makes every run load more (a heavy static import, a lazy module made eager) fails
 * here on any machine. The process is the bundled CLI (packages/cli/dist/bundle/loom.mjs, built by
 * the tests' global setup) running the cold-start benchmark's workflow against a local server;
 * a preload records every ES module file it loads and every file in `require`'s cache at exit.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoom } from '../../../test/support/run-loom.js';
import { staticImportClosure } from '../../../test/support/static-imports.js';
import { parseMultipart, startServer, type LocalServer } from '../../engine/test/http/local-server.js';

const bundleEntry = fileURLToPath(new URL('../dist/bundle/loom.mjs', import.meta.url));
const bundleFolder = dirname(bundleEntry);
const fixture = fileURLToPath(new URL('../../engine/bench/fixtures/pets.arazzo.yaml', import.meta.url));

/**
 * Bytes of JavaScript a `loom run` of a document without regex, JSONPath or XPath criteria reads and
 * compiles: the entry and the chunks it imports statically. About 1.2 MB when this was written
 * (1.6 MB before issue 12: re2js, regexpp and ajv's compiler loaded for every run); 1.31 MB after
 * issues 11-16 (js-yaml's fast plain reading, 146 kB, read every document; credentials, durable
 * checkpoints, the Arazzo 1.1 schema), with every command but `run` loaded only when it runs
 * (main.ts); 1.38 MB once every Arazzo 1.1 feature ran (one dependency check for every way a step is
 * reached, `$self` identity matching, source references, jsonpointer criteria, credential inputs:
 * about 20 kB together). The headroom is for ordinary growth; a heavy module on this path (fontoxpath, Spectral,
 * ajv's compiler, a broker's client) costs more than that.
 */
const RUN_CODE_BUDGET = 1_410_000;

// Runs in the module hooks thread: appends each module URL loaded, synchronously, so none is lost at exit.
const HOOK = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) { appendFileSync(file, 'import ' + url + '\\n'); return next(url, context); }`;

const preload = (file: string) =>
  `data:text/javascript,${encodeURIComponent(`import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { file: ${JSON.stringify(file)} } });
process.on('exit', () => appendFileSync(${JSON.stringify(file)}, [
  ...Object.keys(createRequire(${JSON.stringify(pathToFileURL(bundleEntry).href)}).cache).map((path) => 'require ' + path + '\\n'),
  ...process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')).map((name) => 'builtin ' + name.slice('NativeModule '.length) + '\\n'),
].join('')));`)}`;

const MULTIPART_API = `openapi: 3.1.0
info: { title: files, version: 1.0.0 }
paths:
  /uploads:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: { type: object }
      responses: { '201': { description: created } }
`;

const MULTIPART_FLOW = `arazzo: 1.0.1
info: { title: upload, version: 1.0.0 }
sourceDescriptions:
  - { name: files, url: ./files.openapi.yaml, type: openapi }
workflows:
  - workflowId: upload
    inputs:
      type: object
      properties:
        name: { type: string }
    steps:
      - stepId: upload
        operationId: upload
        requestBody:
          contentType: multipart/form-data
          payload:
            name: $inputs.name
            note: hello
        successCriteria:
          - condition: $statusCode == 201
`;

interface Loaded {
  /** Files of the bundle loaded as ES modules. */
  readonly bundleFiles: string[];
  /** Files loaded through `require` from outside the bundle (node_modules, package.json files). */
  readonly required: string[];
  /** Node's built-in modules, public and internal (`zlib`, `internal/url`, ...). */
  readonly builtins: string[];
}

// A built-in module only undici's FormData and the fetch helpers it evaluates load (its body, WebIDL, MIME
// modules load worker_threads too, but the preload's module hooks already do).
const FORM_DATA_BUILTINS = ['zlib'];

describe('loom run loads only what every start loads (counted, not timed)', () => {
  let server: LocalServer;
  let folder: string;
  beforeAll(async () => {
    let nextId = 0;
    server = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/uploads') {
        response.statusCode = 201;
        response.end('{}');
      } else if (request.method === 'POST') {
        const pet = JSON.parse(request.body.toString()) as { name: string; tag?: string };
        response.statusCode = 201;
        response.end(JSON.stringify({ id: ++nextId, ...pet, status: 'available' }));
      } else {
        response.end(JSON.stringify({ id: nextId, name: 'Rex', tag: 'dog', status: 'available' }));
      }
    });
    folder = await mkdtemp(join(tmpdir(), 'loom-cold-start-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function runRecorded(document: string, name: string, args = ['--server', `pets=${server.url}`, '--input', 'name=Rex', '--input', 'tag=dog']): Promise<Loaded> {
    const file = join(folder, `${name}.txt`);
    await writeFile(file, '');
    const result = await runLoom(['run', document, '--json', ...args], {
      env: { NODE_OPTIONS: `--import=${preload(file)}` },
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'success' });
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    const bundleFiles = lines
      .filter((line) => line.startsWith('import file:'))
      .map((line) => fileURLToPath(line.slice('import '.length)))
      .filter((path) => path.startsWith(bundleFolder));
    const required = lines.filter((line) => line.startsWith('require ')).map((line) => line.slice('require '.length));
    const builtins = lines.filter((line) => line.startsWith('builtin ')).map((line) => line.slice('builtin '.length));
    return { bundleFiles: [...new Set(bundleFiles)], required, builtins };
  }

  it('the benchmark workflow (simple inputs schema, simple criteria): no chunk beyond the static imports, nothing required, code within budget', async () => {
    const { bundleFiles, required, builtins } = await runRecorded(fixture, 'plain');
    expect(server.received.map((request) => request.method)).toEqual(['POST', 'GET']);
    expect(bundleFiles).toContain(bundleEntry);
    // Every dynamic chunk (ajv's compiler, fontoxpath, Spectral, the types generator) stays unloaded.
    expect(bundleFiles.sort()).toEqual(staticImportClosure(bundleEntry).sort());
    // re2js, regexpp, json-p3, ajv's compiler: each a `require` when a document needs it.
    expect(required).toEqual([]);
    const bytes = bundleFiles.reduce((sum, path) => sum + statSync(path).size, 0);
    expect(bytes).toBeLessThanOrEqual(RUN_CODE_BUDGET);
    // undici's FormData is built on the first `new FormData()` (a multipart body), not at every start.
    expect(builtins.filter((name) => FORM_DATA_BUILTINS.includes(name))).toEqual([]);
  });

  it('a multipart body builds undici\'s FormData on first use, through the bundle, and sends it', async () => {
    const uploads = join(folder, 'uploads');
    await mkdir(uploads, { recursive: true });
    await writeFile(join(uploads, 'files.openapi.yaml'), MULTIPART_API);
    await writeFile(join(uploads, 'upload.arazzo.yaml'), MULTIPART_FLOW);
    server.received.length = 0;
    const { builtins } = await runRecorded(join(uploads, 'upload.arazzo.yaml'), 'multipart', ['--server', `files=${server.url}`, '--input', 'name=Rex']);
    const [request] = server.received;
    expect(request?.url).toBe('/uploads');
    const parts = parseMultipart(request!.body, String(request!.headers['content-type']));
    expect(parts.map((part) => [part.name, part.content.toString()])).toEqual([['name', 'Rex'], ['note', 'hello']]);
    expect(FORM_DATA_BUILTINS.filter((name) => builtins.includes(name))).toEqual(FORM_DATA_BUILTINS);
  });

  it('a regex criterion loads re2js and regexpp, and a non-simple inputs schema ajv\'s compiler (the checks above can see them)', async () => {
    const text = readFileSync(fixture, 'utf8')
      .replace('        name: { type: string }', "        name: { type: string, pattern: '^[A-Z]' }")
      .replace("          - condition: $statusCode == 200\n", "          - condition: $statusCode == 200\n          - { context: $response.body#/name, condition: '^R', type: regex }\n");
    const document = join(folder, 'pets.arazzo.yaml');
    await writeFile(document, text);
    await copyFile(join(dirname(fixture), 'pets.openapi.yaml'), join(folder, 'pets.openapi.yaml'));
    const { bundleFiles, required } = await runRecorded(document, 'heavy');
    expect(required.some((path) => path.includes('/node_modules/re2js/'))).toBe(true);
    expect(required.some((path) => path.includes('/node_modules/@eslint-community/regexpp/'))).toBe(true);
    expect(bundleFiles.length).toBeGreaterThan(staticImportClosure(bundleEntry).length);
  });
});

