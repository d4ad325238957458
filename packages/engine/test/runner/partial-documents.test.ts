import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument, planRequests, run, type LoadedDocument } from '@loom/engine';
import { HEADER, lines, openapi, scriptedServer, stepSummary } from './harness.js';

/** DECISIONS D53: a document's errors block a run only where the workflow reaches them. */

async function loadWithErrors(files: Record<string, string>): Promise<LoadedDocument> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-partial-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
  expect(loaded.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
  expect(loaded.model).toBeUndefined();
  return loaded;
}

const PATHS = `  /ping:
    get:
      operationId: ping
      responses: { '200': { description: ok } }
`;

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; diagnostics: readonly { code: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a rejection');
}

describe('D53: runs of a document with errors elsewhere', () => {
  it('D53: a workflow runs when only an unrelated workflow has errors; that workflow is refused with where its errors are', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: good
    steps:
      - { stepId: call, operationId: ping, successCriteria: [{ condition: $statusCode == 200 }] }
  - workflowId: bad
    steps:
      - { stepId: call, operationId: nowhere }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
    });
    const result = await run(loaded, { workflowId: 'good' });
    expect(stepSummary(result)).toEqual([{ stepId: 'call', status: 'success', attempts: 1, statusCode: 200 }]);
    expect(lines(server)).toEqual(['GET /ping']);

    const refused = await rejection(run(loaded, { workflowId: 'bad' }));
    expect(refused.code).toBe('LOOM_ERR_INVALID');
    expect(refused.message).toMatch(/^workflow 'bad' cannot run: 1 error in workflow 'bad' \(flow\.arazzo\.yaml:11:\d+\)$/);
    expect(refused.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['operation-unresolved']);
    expect(lines(server)).toEqual(['GET /ping']);
  });

  it('D53: errors in a workflow that a step runs, a goto reaches or dependsOn names block the run, and the message says which step', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: main
    steps:
      - { stepId: callOther, workflowId: other }
  - workflowId: jumper
    steps:
      - stepId: call
        operationId: ping
        onSuccess: [{ name: away, type: goto, workflowId: middle }]
  - workflowId: later
    dependsOn: [other]
    steps:
      - { stepId: call, operationId: ping }
  - workflowId: middle
    steps:
      - { stepId: deeper, workflowId: other }
  - workflowId: other
    steps:
      - { stepId: call, operationId: ping, successCriteria: [{ condition: $statusCode == 200, type: nonsense }] }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
    });
    const message = async (workflowId: string) => (await rejection(run(loaded, { workflowId }))).message;
    expect(await message('main')).toMatch(/^workflow 'main' cannot run: \d+ errors in workflow 'other' which step 'callOther' runs \(flow\.arazzo\.yaml:\d+:\d+\)$/);
    expect(await message('later')).toMatch(/^workflow 'later' cannot run: \d+ errors in workflow 'other' which workflow 'later' depends on \(/);
    expect(await message('jumper')).toMatch(/^workflow 'jumper' cannot run: \d+ errors in workflow 'other' which step 'deeper' of workflow 'middle' runs \(/);
    expect(server.received).toEqual([]);
  });

  it('D53: an error in an OpenAPI file blocks the workflows that call into it, not those using another source', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: two sources, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: broken, url: ./broken.openapi.yaml, type: openapi }
workflows:
  - workflowId: fine
    steps:
      - { stepId: call, operationId: $sourceDescriptions.api.ping, successCriteria: [{ condition: $statusCode == 200 }] }
  - workflowId: usesBroken
    steps:
      - { stepId: call, operationId: $sourceDescriptions.broken.pong }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
      // A key written twice: a syntax error of the whole file.
      'broken.openapi.yaml': openapi(server.url, `  /pong:
    get:
      operationId: pong
      operationId: pong
      responses: { '200': { description: ok } }
`),
    });
    expect((await run(loaded, { workflowId: 'fine' })).status).toBe('success');
    const refused = await rejection(run(loaded, { workflowId: 'usesBroken' }));
    expect(refused.message).toMatch(/^workflow 'usesBroken' cannot run: 1 error in the OpenAPI file broken\.openapi\.yaml \(broken\.openapi\.yaml:\d+:\d+\)$/);
    expect(lines(server)).toEqual(['GET /ping']);
  });

  it('D53: a component with errors blocks the workflows that use it only', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: plain
    steps:
      - { stepId: call, operationId: ping, successCriteria: [{ condition: $statusCode == 200 }] }
  - workflowId: withComponent
    steps:
      - stepId: call
        operationId: ping
        parameters: [{ reference: $components.parameters.broken }]
components:
  parameters:
    broken: { name: x, in: nowhere, value: 1 }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
    });
    expect((await run(loaded, { workflowId: 'plain' })).status).toBe('success');
    expect((await rejection(run(loaded, { workflowId: 'withComponent' }))).message).toMatch(/cannot run: \d+ errors? in components\.parameters\.broken \(flow\.arazzo\.yaml:/);
  });

  it('D53: a dry run follows the same gate; an unknown workflow is a usage error; with no workflow named and several, the caller must name one', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: good
    steps:
      - { stepId: call, operationId: ping }
  - workflowId: bad
    steps:
      - { stepId: call, operationId: nowhere }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
    });
    expect((await planRequests(loaded, { workflowId: 'good' })).requests.map((request) => request.method)).toEqual(['GET']);
    expect((await rejection(planRequests(loaded, { workflowId: 'bad' }))).code).toBe('LOOM_ERR_INVALID');
    expect(await rejection(run(loaded, { workflowId: 'missing' }))).toMatchObject({ code: 'LOOM_ERR_USAGE', message: "no workflow 'missing' in the document; it has: good, bad" });
    expect(await rejection(run(loaded))).toMatchObject({ code: 'LOOM_ERR_USAGE', message: 'the document has 2 workflows; name one (good, bad)' });
  });

  it('D53: an error outside workflows, components and source descriptions blocks every workflow, and says where it is', async () => {
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: t, version: 1.0.0, extra: no }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: good
    steps:
      - { stepId: call, operationId: ping }
`,
      'api.openapi.yaml': openapi('http://127.0.0.1:9', PATHS),
    });
    expect(loaded.partial?.model).toBeUndefined();
    expect((await rejection(run(loaded, { workflowId: 'good' }))).message).toMatch(/^workflow 'good' cannot run: 1 error in 'info' of flow\.arazzo\.yaml \(flow\.arazzo\.yaml:2:\d+\)$/);
  });

  it('D53: a workflow listed after an entry that is not an object runs (operations are keyed by the index in the document)', async () => {
    const server = await scriptedServer();
    const loaded = await loadWithErrors({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - null
  - workflowId: good
    steps:
      - { stepId: call, operationId: ping, successCriteria: [{ condition: $statusCode == 200 }] }
`,
      'api.openapi.yaml': openapi(server.url, PATHS),
    });
    expect((await run(loaded, { workflowId: 'good' })).status).toBe('success');
    expect(lines(server)).toEqual(['GET /ping']);
  });
});
