import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '@loom/engine';
import { lines, loadFlow, openapi, runRecorded, scriptedServer } from './harness.js';

/** Arazzo 1.1.0 §Success / Failure Action Object `parameters`, DECISIONS D97. */
const header = `arazzo: 1.1.0
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: integer } }
      responses: { '200': { description: ok } }
  /broken:
    get:
      operationId: broken
      responses: { '500': { description: no } }
`;
/** The workflow actions jump to: it fetches the pet its inputs name. */
const showPet = `  - workflowId: showPet
    inputs:
      type: object
      required: [petId]
      properties: { petId: { type: integer }, note: { type: string } }
    steps:
      - stepId: show
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: $inputs.petId }
    outputs:
      note: $inputs.note
`;

describe('action parameters (Arazzo 1.1)', () => {
  it('D97: a success goto to a workflow passes its parameters, expressions included, as the target inputs', async () => {
    const server = await scriptedServer((request) => ({ body: { id: 7, next: 42, url: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: start
    inputs: { type: object, properties: { first: { type: integer } } }
    steps:
      - stepId: first
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: $inputs.first }
        onSuccess:
          - name: follow
            type: goto
            workflowId: showPet
            parameters:
              - { name: petId, value: $response.body#/next }
              - { name: note, value: 'after {$response.body#/id}' }
${showPet}`,
      server.url,
      paths,
    );
    const { result, events } = await runRecorded(loaded, { workflowId: 'start', inputs: { first: 1 } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /pets/1', 'GET /pets/42']);
    expect(events.find((event) => event.type === 'workflow.end' && event.workflowId === 'showPet')).toMatchObject({ outputs: { note: 'after 7' } });
  });

  it('D97: a failure action with a workflowId takes Reusable Object parameters, their value override applied', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: start
    steps:
      - stepId: fails
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 1 }
        successCriteria:
          - condition: $statusCode == 201
        onFailure:
          - reference: $components.failureActions.showInstead
${showPet}components:
  parameters:
    petToShow: { name: petId, value: 5 }
  failureActions:
    showInstead:
      name: showInstead
      type: goto
      workflowId: showPet
      parameters:
        - { reference: $components.parameters.petToShow, value: 9 }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'start' });
    // DECISIONS D16: goto a workflow transfers control; the run's status is the target's.
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /pets/1', 'GET /pets/9']);
  });

  it('D97: a retry that runs a workflow first gives it the action parameters', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: start
    steps:
      - stepId: fails
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 1 }
        successCriteria:
          - condition: $statusCode == 201
        onFailure:
          - name: refreshThenRetry
            type: retry
            retryLimit: 1
            workflowId: showPet
            parameters:
              - { name: petId, value: 3 }
${showPet}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'start' });
    expect(result.status).toBe('failure');
    expect(lines(server)).toEqual(['GET /pets/1', 'GET /pets/3', 'GET /pets/1']);
  });

  it('D97: parameters the target inputs schema rejects fail the goto, naming the problem', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: start
    steps:
      - stepId: first
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 1 }
        onSuccess:
          - name: follow
            type: goto
            workflowId: showPet
            parameters:
              - { name: petId, value: not a number }
${showPet}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'start' });
    expect(result.status).toBe('failure');
    expect(result.error?.workflowId).toBe('showPet');
    expect(result.error?.message).toMatch(/^inputs rejected: .*petId/);
    expect(lines(server)).toEqual(['GET /pets/1']);
  });

  it('D97: without parameters, a goto to a workflow still passes the current inputs (DECISIONS D16)', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: start
    inputs: { type: object, properties: { petId: { type: integer } } }
    steps:
      - stepId: first
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 1 }
        onSuccess:
          - { name: follow, type: goto, workflowId: showPet }
${showPet}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded, { workflowId: 'start', inputs: { petId: 8 } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /pets/1', 'GET /pets/8']);
  });

  it('D97: an action parameter that references no component, or reads a step that does not exist, is a validation error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${header}workflows:
  - workflowId: start
    steps:
      - stepId: first
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 1 }
        onSuccess:
          - name: follow
            type: goto
            workflowId: showPet
            parameters:
              - { reference: $components.parameters.missing }
              - { name: note, value: $steps.nowhere.outputs.x }
${showPet}`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line])).toEqual([
      ['component-reference', 17],
      ['expression-unknown-step', 18],
    ]);
  });
});
