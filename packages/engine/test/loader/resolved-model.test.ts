import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument, type ResolvedDocument } from '../../src/index.js';

const PETS_OPENAPI = `openapi: 3.0.3
info: { title: Pets, version: '1' }
paths:
  /pets/{petId}:
    parameters:
      - { name: petId, in: path, required: true, schema: { type: string } }
    get:
      operationId: getPet
      parameters:
        - { name: verbose, in: query, schema: { type: boolean } }
        - { name: X-Trace, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

const FLOW = `arazzo: 1.0.1
info: { title: Model, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.yaml, type: openapi }
workflows:
  - workflowId: main
    inputs:
      $ref: '#/components/inputs/main'
    parameters:
      - { name: X-Trace, in: header, value: workflow-trace }
      - { name: verbose, in: query, value: false }
      - reference: $components.parameters.trace
        value: from-reference
    successActions:
      - { name: finish, type: end }
      - { name: again, type: goto, stepId: first }
    failureActions:
      - reference: $components.failureActions.retry-twice
      - { name: give-up, type: end }
    steps:
      - stepId: first
        operationId: getPet
        parameters:
          - { name: petId, value: $inputs.id }
          - { name: verbose, in: query, value: true }
        onSuccess:
          - { name: finish, type: goto, stepId: second }
        onFailure:
          - { name: to-child, type: goto, workflowId: child }
      - stepId: second
        workflowId: child
        parameters:
          - { name: id, value: $inputs.id }
  - workflowId: child
    dependsOn: [main]
    steps:
      - { stepId: only, operationId: getPet, parameters: [{ name: petId, in: path, value: '1' }] }
components:
  inputs:
    main:
      type: object
      properties:
        id: { $ref: '#/components/inputs/id' }
    id: { type: string }
  parameters:
    trace: { name: X-Other, in: header, value: component-trace }
  failureActions:
    retry-twice: { name: retry-twice, type: retry, retryLimit: 2, retryAfter: 0.5 }
`;

async function model(): Promise<ResolvedDocument> {
  const folder = mkdtempSync(join(tmpdir(), 'loom-model-'));
  writeFileSync(join(folder, 'flow.yaml'), FLOW);
  writeFileSync(join(folder, 'pets.yaml'), PETS_OPENAPI);
  const loaded = await loadDocument(join(folder, 'flow.yaml'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.model!;
}

describe('the resolved model', () => {
  it('D13: workflow parameters apply to every step; a step parameter overrides on name + in; a missing in comes from the operation', async () => {
    const first = (await model()).workflows.get('main')!.steps[0]!;
    expect(first.parameters).toEqual([
      { name: 'X-Trace', in: 'header', value: 'workflow-trace' },
      { name: 'X-Other', in: 'header', value: 'from-reference', reference: '$components.parameters.trace' },
      { name: 'petId', in: 'path', value: '$inputs.id' },
      { name: 'verbose', in: 'query', value: true },
    ]);
  });

  it('D8: a workflow step keeps its parameters without in, as the child inputs', async () => {
    const second = (await model()).workflows.get('main')!.steps[1]!;
    expect(second.target).toMatchObject({ kind: 'workflow', workflowId: 'child' });
    expect(second.parameters.find((parameter) => parameter.name === 'id')).toEqual({ name: 'id', value: '$inputs.id' });
  });

  it("D11: a step's actions come first, then the workflow's whose names it does not reuse", async () => {
    const first = (await model()).workflows.get('main')!.steps[0]!;
    expect(first.onSuccess.map((action) => [action.name, action.target])).toEqual([
      ['finish', { kind: 'step', stepId: 'second', stepIndex: 1 }],
      ['again', { kind: 'step', stepId: 'first', stepIndex: 0 }],
    ]);
    expect(first.onFailure.map((action) => action.name)).toEqual(['to-child', 'retry-twice', 'give-up']);
    expect(first.onFailure[1]).toMatchObject({ type: 'retry', retryLimit: 2, retryAfter: 0.5, reference: '$components.failureActions.retry-twice' });
    expect(first.onFailure[0]!.target).toMatchObject({ kind: 'workflow', workflowId: 'child' });
  });

  it('resolves operations, dependsOn and step indexes, and inlines components.inputs', async () => {
    const resolved = await model();
    const main = resolved.workflows.get('main')!;
    const target = main.steps[0]!.target;
    expect(target.kind === 'operation' && [target.operation.method, target.operation.path]).toEqual(['get', '/pets/{petId}']);
    expect(main.stepIndex.get('second')).toBe(1);
    const child = resolved.workflows.get('child')!;
    expect(child.dependsOn).toEqual([{ kind: 'workflow', document: resolved, workflowId: 'main' }]);
    expect(main.inputsSchema).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
  });

  it('is immutable', async () => {
    const resolved = await model();
    const step = resolved.workflows.get('main')!.steps[0]!;
    expect(Object.isFrozen(step)).toBe(true);
    expect(Object.isFrozen(step.parameters)).toBe(true);
    expect(Object.isFrozen(resolved.document.workflows[0])).toBe(true);
    expect(() => {
      (step as { stepId: string }).stepId = 'changed';
    }).toThrow(TypeError);
  });
});
