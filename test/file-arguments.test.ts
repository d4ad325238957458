import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from './support/fake-context.js';
import { runLoom } from './support/run-loom.js';

/** DECISIONS D54: folders, globs and `-` as document arguments of validate, list and lint. */

const doc = (id: string) => `arazzo: 1.0.1
info: { title: ${id}, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: ${id}
    steps:
      - { stepId: s, operationId: ping }
`;
const api = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
paths:
  /ping:
    get:
      operationId: ping
      responses: { '200': { description: ok } }
`;

describe('document arguments', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loom-files-'));
    for (const folder of ['flows/a', 'flows/a/deeper', 'flows/node_modules', 'flows/.hidden', 'empty']) await mkdir(join(dir, folder), { recursive: true });
    const files: Record<string, string> = {
      'flows/a/one.arazzo.yaml': doc('one'),
      'flows/a/deeper/two.arazzo.yml': doc('two'),
      'flows/three.arazzo.json': JSON.stringify({ arazzo: '1.0.1', info: { title: 't', version: '1' }, sourceDescriptions: [{ name: 'api', url: './a/api.openapi.yaml', type: 'openapi' }], workflows: [{ workflowId: 'three', steps: [{ stepId: 's', operationId: 'ping' }] }] }),
      'flows/notes.yaml': 'not: arazzo',
      'flows/node_modules/dep.arazzo.yaml': doc('dependency'),
      'flows/.hidden/secret.arazzo.yaml': doc('hidden'),
      'empty/readme.txt': 'nothing here',
      'api.openapi.yaml': api,
      'flows/a/api.openapi.yaml': api,
      'flows/a/deeper/api.openapi.yaml': api,
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    // A link back up: the search must not follow it round and round.
    await symlink(join(dir, 'flows'), join(dir, 'flows/a/loop'), 'dir');
  });
  const loom = (args: string[], stdin?: string) => runLoomInProcess(args, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  // The stdin of a real process, through a pipe: one smoke test of the bundled binary.
  const loomProcess = (args: string[], stdin: string) => runLoom(args, { cwd: dir, stdin });

  it('a folder finds *.arazzo.{yaml,yml,json} recursively, skipping node_modules, dot folders and linked folders', async () => {
    const result = await loom(['validate', 'flows', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = await loom(['list', 'flows']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('flows/a/deeper/two.arazzo.yml\ntwo\n\nflows/a/one.arazzo.yaml\none\n\nflows/three.arazzo.json\nthree\n');
  });

  it('a quoted glob is expanded by loom', async () => {
    const listed = await loom(['list', 'flows/**/*.arazzo.yaml', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ documents: [{ file: 'flows/a/one.arazzo.yaml', workflows: [expect.objectContaining({ workflowId: 'one' })] }] });
    const linted = await loom(['lint', 'flows/a/*.arazzo.yaml', '--format', 'json']);
    expect(linted.stderr).toBe('');
    expect([0, 1]).toContain(linted.code);
  });

  it('D54: a folder with no document, or a glob matching nothing, is a usage error (exit 2)', async () => {
    const folder = await loom(['validate', 'empty']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('loom: validate: no *.arazzo.yaml, *.arazzo.yml or *.arazzo.json file in the folder empty\n');
    const glob = await loom(['list', 'flows/**/*.arazzo.toml']);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toBe('loom: list: no file matches flows/**/*.arazzo.toml\n');
    const lint = await loom(['lint', 'empty']);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/^loom: lint: no \*\.arazzo\.yaml/);
  });

  it('- reads one document from stdin; its relative sources resolve from the working folder', async () => {
    const valid = await loomProcess(['validate', '-'], doc('fromStdin'));
    expect(valid.code).toBe(0);
    const listed = await loom(['list', '-'], doc('fromStdin'));
    expect(listed.stdout).toBe('fromStdin\n');
    const broken = await loom(['validate', '-'], doc('x').replace('operationId: ping', 'operationId: nowhere'));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^<stdin>:8:\d+ {2}error {2}operation-unresolved/m);
    const twice = await loom(['validate', '-', '-'], '');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe("loom: validate: '-' (stdin) may be given once\n");
  });

  it('D54: describe, graph, types and run read their document from - (stdin) too; run refuses - for both the document and --inputs', async () => {
    const described = await loom(['describe', '-'], doc('fromStdin'));
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain('fromStdin');
    const graph = await loom(['graph', '-'], doc('fromStdin'));
    expect(graph.code, graph.stderr).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart/m);
    const types = await loom(['types', '-'], doc('fromStdin'));
    expect(types.code, types.stderr).toBe(0);
    expect(types.stdout).toContain('"fromStdin"');
    const planned = await loom(['run', '-', '--dry-run', '--server', 'api=http://127.0.0.1:9'], doc('fromStdin'));
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('GET http://127.0.0.1:9/ping');
    const both = await loom(['run', '-', '--inputs', '-'], doc('fromStdin'));
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('loom: run: the document and --inputs cannot both be read from stdin (-)\n');
  });
});
