/**
 * The engine README's Embedding guide is a doc test: its `typescript` blocks, in order, are one module that
 * is type-checked against the built @loom/engine (as a user's project would import it) and run in a process
 * of its own against a real local pet API (node:http on 127.0.0.1, port 0). Every `console.log(...); // text`
 * line of the guide must print that text, and the server checks what the guide says happened: the requests,
 * the custom client's header on the concurrent runs' requests only, and that those runs were in flight at once.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LocalServer, type ReceivedRequest } from '../packages/engine/test/http/local-server.js';
import { fencedBlocks, type CodeBlock } from './doc-examples/examples-in-docs.js';
import { repoRoot } from './support/run-loom.js';

const README = 'packages/engine/README.md';
/** The concurrent runs of the guide (its `names`): their first requests are held until all of them have arrived. */
const CONCURRENT_RUNS = 3;

async function guideBlocks(): Promise<CodeBlock[]> {
  const markdown = await readFile(join(repoRoot, README), 'utf8');
  const start = markdown.indexOf('\n## Embedding\n');
  const end = markdown.indexOf('\n## ', start + 1);
  expect(start, 'the README has an Embedding section').toBeGreaterThan(0);
  const section = markdown.slice(0, end === -1 ? undefined : end);
  const firstLine = markdown.slice(0, start).split('\n').length;
  return fencedBlocks(section, README).filter((block) => block.language === 'typescript' && Number(block.where.split(':')[1]) > firstLine);
}

/** The pets API of bench/fixtures/pets.openapi.yaml, recording what it received. */
function petApi(): { readonly start: () => Promise<LocalServer>; readonly heldTogether: () => boolean } {
  const pets = new Map<number, { id: number; name: string; status: string }>();
  const held: (() => void)[] = [];
  let heldTogether = false;
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const handle = (request: ReceivedRequest, response: ServerResponse) => {
    if (request.method === 'POST' && request.url === '/pets') {
      const { name } = JSON.parse(request.body.toString('utf8')) as { name: string };
      const pet = { id: pets.size + 1, name, status: 'available' };
      pets.set(pet.id, pet);
      return answer(response, 201, pet);
    }
    const pet = request.method === 'GET' ? pets.get(Number(/^\/pets\/(\d+)$/.exec(request.url)?.[1])) : undefined;
    return pet ? answer(response, 200, pet) : answer(response, 404, { error: 'not found' });
  };
  return {
    heldTogether: () => heldTogether,
    start: () =>
      startServer((request, response) => {
        if (request.method !== 'POST' || request.headers['x-request-id'] === undefined) return handle(request, response);
        // Concurrency, shown without a clock: the concurrent runs' creations are answered only once all of them
        // have arrived, which runs one after another never do. The timer only ends the wait when they do not.
        held.push(() => handle(request, response));
        const release = () => held.splice(0).forEach((respond) => respond());
        if (held.length === CONCURRENT_RUNS) {
          heldTogether = true;
          release();
        } else if (held.length === 1) setTimeout(release, 10_000).unref();
      }),
  };
}

function node(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'loom-embedding-'));
  // A project that depends on @loom/engine: the package as published (its `exports`, its built dist).
  await mkdir(join(folder, 'node_modules/@loom'), { recursive: true });
  await symlink(join(repoRoot, 'packages/engine'), join(folder, 'node_modules/@loom/engine'));
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe(`${README}: the Embedding guide`, () => {
  it('type-checks against the built package, runs against a local API, and prints what it says it prints', async () => {
    const blocks = await guideBlocks();
    // Load, run, events, cancellation, a custom HTTP client, concurrency.
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const source = blocks.map((block) => `// ${block.where}\n${block.text}`).join('\n\n');
    const expected = [...source.matchAll(/^.*console\.log\(.*\); \/\/ (.+)$/gm)].map((match) => match[1]!);
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const module = join(folder, 'guide.mts');
    await writeFile(module, source);
    const program = ts.createProgram([module], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);

    const script = join(folder, 'guide.mjs');
    await writeFile(script, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    const api = petApi();
    const server = await api.start();
    try {
      // Run from the repository root, as the guide's relative document path says; imports resolve from the script's folder.
      const result = await node(script, { ...process.env, PETS_API_URL: server.url, NODE_PATH: '' });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toEqual(expected);

      const requests = server.received.map((request) => `${request.method} ${request.url}`);
      // Two runs of two requests, the cancelled run's request dropped before it was sent, three concurrent runs.
      expect(requests.slice(0, 4)).toEqual(['POST /pets', 'GET /pets/1', 'POST /pets', 'GET /pets/2']);
      expect(requests.slice(4).sort()).toEqual(['GET /pets/3', 'GET /pets/4', 'GET /pets/5', 'POST /pets', 'POST /pets', 'POST /pets']);
      // The custom client sent the concurrent runs' requests, and only those.
      expect(server.received.slice(0, 4).map((request) => request.headers['x-request-id'])).toEqual([undefined, undefined, undefined, undefined]);
      expect(server.received.slice(4).map((request) => request.headers['x-request-id']).sort()).toEqual(
        ['embedding-1', 'embedding-2', 'embedding-3', 'embedding-4', 'embedding-5', 'embedding-6'],
      );
      expect(api.heldTogether(), 'the concurrent runs were in flight at the same time').toBe(true);
    } finally {
      await server.close();
    }
  }, 120_000);
});
