import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from './support/fake-context.js';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';

/** DECISIONS D52, D53: list, describe, graph, types and run on a document with errors elsewhere. */

const api = (url: string) => `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: '${url}' }]
paths:
  /ping:
    get:
      operationId: ping
      responses: { '200': { description: ok } }
`;

// A key written twice: the file has a syntax error (it is not a valid YAML mapping).
const broken = `openapi: 3.1.0
info: { title: broken, version: 1.0.0 }
paths:
  /pong:
    get:
      operationId: pong
      operationId: pong
      responses: { '200': { description: ok } }
`;

const flow = `arazzo: 1.0.1
info: { title: imperfect, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: broken, url: ./broken.openapi.yaml, type: openapi }
workflows:
  - workflowId: good
    summary: Pings the API
    steps:
      - { stepId: ping, operationId: $sourceDescriptions.api.ping, successCriteria: [{ condition: $statusCode == 200 }] }
  - workflowId: bad
    steps:
      - { stepId: call, operationId: $sourceDescriptions.api.nowhere }
  - workflowId: callsBad
    steps:
      - { stepId: callBad, workflowId: bad }
  - workflowId: usesBroken
    steps:
      - { stepId: pong, operationId: $sourceDescriptions.broken.pong }
`;

// One warning (a bare operationId while two sources are declared), no errors.
const warned = `arazzo: 1.0.1
info: { title: warned, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: other, url: ./other.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - { stepId: ping, operationId: ping, successCriteria: [{ condition: $statusCode == 200 }] }
`;

describe('commands on a document with errors elsewhere (in process)', () => {
  let server: LocalServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
    dir = await mkdtemp(join(tmpdir(), 'loom-imperfect-'));
    await writeFile(join(dir, 'api.openapi.yaml'), api(server.url));
    await writeFile(join(dir, 'other.openapi.yaml'), api(server.url).replace('/ping', '/other').replace('operationId: ping', 'operationId: other'));
    await writeFile(join(dir, 'broken.openapi.yaml'), broken);
    await writeFile(join(dir, 'flow.arazzo.yaml'), flow);
    await writeFile(join(dir, 'warned.arazzo.yaml'), warned);
    await writeFile(join(dir, 'broken-root.arazzo.yaml'), flow.replace('info: { title: imperfect, version: 1.0.0 }', 'info: { title: imperfect, version: 1.0.0, colour: red }'));
  });
  afterAll(async () => {
    await server.close();
  });
  const loom = (...args: string[]) => runLoomInProcess(args, { cwd: dir });
  const PROBLEMS = "1 error in the OpenAPI file broken.openapi.yaml, 1 in workflow 'bad': loom validate flow.arazzo.yaml\n";

  it('D52: list shows the workflows free of errors and one stderr line with where the errors are', async () => {
    const result = await loom('list', 'flow.arazzo.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^good {2}Pings the API$/m);
    expect(result.stdout).toMatch(/^callsBad$/m);
    expect(result.stdout).not.toMatch(/^bad$|^usesBroken$/m);
    expect(result.stderr).toBe(PROBLEMS);
  });

  it('D52: describe and graph show a workflow whose problems are elsewhere, even one that runs a workflow with errors', async () => {
    const described = await loom('describe', 'flow.arazzo.yaml', '--workflow', 'good');
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/1\. ping {2}GET \/ping \(api\.ping\)/);
    expect(described.stderr).toBe(PROBLEMS);
    const caller = await loom('describe', 'flow.arazzo.yaml', '--workflow', 'callsBad');
    expect(caller.code).toBe(0);
    expect(caller.stdout).toMatch(/callBad {2}workflow bad/);
    const graph = await loom('graph', 'flow.arazzo.yaml', '--workflow', 'good');
    expect(graph.code).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart/);
    expect(graph.stderr).toBe(PROBLEMS);
  });

  it('D52: describe and graph of a workflow with errors of its own fail (exit 2) and say where they are', async () => {
    const described = await loom('describe', 'flow.arazzo.yaml', '--workflow', 'bad');
    expect(described.code).toBe(2);
    expect(described.stdout).toBe('');
    expect(described.stderr).toMatch(/^loom: describe: workflow 'bad' has 1 error in workflow 'bad' \(flow\.arazzo\.yaml:13:\d+\): loom validate flow\.arazzo\.yaml$/m);
    const graph = await loom('graph', 'flow.arazzo.yaml', '--workflow', 'usesBroken');
    expect(graph.code).toBe(2);
    expect(graph.stderr).toMatch(/^loom: graph: workflow 'usesBroken' has 1 error in the OpenAPI file broken\.openapi\.yaml \(broken\.openapi\.yaml:7:\d+\)/m);
  });

  it('D52: types declares the workflows free of errors', async () => {
    const result = await loom('types', 'flow.arazzo.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/'good'/);
    expect(result.stdout).not.toMatch(/'usesBroken'/);
    expect(result.stderr).toBe(PROBLEMS);
  });

  it('D53: run runs a workflow free of errors; a blocked one is refused with where the errors are, never "in the document"', async () => {
    const good = await loom('run', 'flow.arazzo.yaml', '--workflow', 'good');
    expect(good.code).toBe(0);
    expect(good.stderr).toBe(PROBLEMS);

    const caller = await loom('run', 'flow.arazzo.yaml', '--workflow', 'callsBad');
    expect(caller.code).toBe(2);
    expect(caller.stdout).toBe('');
    expect(caller.stderr).toMatch(/^flow\.arazzo\.yaml:13:\d+ {2}error {2}operation-unresolved {2}/m);
    expect(caller.stderr).toMatch(/^loom: workflow 'callsBad' cannot run: 1 error in workflow 'bad' which step 'callBad' runs \(flow\.arazzo\.yaml:13:\d+\)$/m);

    const usesBroken = await loom('run', 'flow.arazzo.yaml', '--workflow', 'usesBroken', '--dry-run');
    expect(usesBroken.code).toBe(2);
    expect(usesBroken.stderr).toMatch(/^loom: workflow 'usesBroken' cannot run: 1 error in the OpenAPI file broken\.openapi\.yaml \(broken\.openapi\.yaml:7:\d+\)$/m);
    for (const output of [caller.stderr, usesBroken.stderr]) expect(output).not.toMatch(/in the document/);
  });

  it('D52: a document no workflow of which can be shown lists every error and does nothing (exit 2)', async () => {
    const result = await loom('list', 'broken-root.arazzo.yaml');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^broken-root\.arazzo\.yaml:2:\d+ {2}error {2}arazzo-schema {2}/m);
    expect(result.stderr).toMatch(/^loom: list: 1 error in 'info' of broken-root\.arazzo\.yaml, 1 in workflow 'bad', 1 in the OpenAPI file broken\.openapi\.yaml; nothing was done$/m);
  });

  it('run: warnings are one line (`1 warning: loom lint <file>`), in full with --verbose', async () => {
    const quiet = await loom('run', 'warned.arazzo.yaml');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('1 warning: loom lint warned.arazzo.yaml\n');
    const verbose = await loom('run', 'warned.arazzo.yaml', '--verbose');
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/^warned\.arazzo\.yaml:9:\d+ {2}warning {2}operation-unqualified {2}/m);
    expect(verbose.stderr).not.toMatch(/loom lint/);
  });
});
