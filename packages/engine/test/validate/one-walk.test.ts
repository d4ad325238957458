import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/index.js';
import { LoadSession, type DocumentNode } from '../../src/loader/load-session.js';
import type { Data } from '../../src/validate/document-walk.js';
import { validateDocuments } from '../../src/validate/validate-documents.js';

/**
 * Issue 12, "walk once": validating a document walks it once (the semantic rules, the expression
 * checks and operation resolution are visitors of one walk), and each problem is found in one place
 * (DECISIONS D66), so nothing is dropped afterwards as a restatement.
 */

const steps = Array.from({ length: 3 }, (_, index) => `
      - stepId: s${index}
        operationId: op${index}
        parameters:
          - { name: page, in: query, value: $inputs.page }
        successCriteria:
          - condition: $statusCode == 200
        onSuccess:
          - { name: next, type: goto, stepId: s${(index + 1) % 3} }
        outputs:
          id: $response.body#/id`).join('');

const WORKFLOWS = `arazzo: 1.0.1
info: { title: Walk, version: '1' }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: first
    inputs: { type: object, properties: { page: { type: integer } } }
    steps:${steps}
  - workflowId: second
    dependsOn: [first]
    inputs: { type: object, properties: { page: { type: integer } } }
    steps:${steps}
`;

/** The document's data, each workflow counting how often its `steps` are read. */
function counted(data: Data): { data: Data; reads: number[] } {
  const reads: number[] = [];
  const workflows = (data['workflows'] as Data[]).map((workflow, index) => {
    reads[index] = 0;
    return new Proxy(workflow, {
      get(target, key, receiver) {
        if (key === 'steps') reads[index]!++;
        return Reflect.get(target, key, receiver);
      },
    });
  });
  return { data: { ...data, workflows }, reads };
}

describe('one walk over a document', () => {
  it('D66: validation reads the steps of each workflow twice at most: the names index and the one walk', async () => {
    const session = new LoadSession({ loadSources: false });
    const root = await session.loadRoot('file:///work/walk.arazzo.yaml', WORKFLOWS);
    const { data, reads } = counted(root.data!);
    // The data is read both as the node's and as the parsed text's: both are the counted copy.
    const parsed = { ...root.parsed, data, locate: root.parsed.locate.bind(root.parsed), position: root.parsed.position.bind(root.parsed) };
    const node: DocumentNode = { ...root, parsed, data };
    const { diagnostics } = await validateDocuments([node], [], false);
    expect(diagnostics).toEqual([]);
    // Before the one walk, each semantic rule and the expression checks read them again: 14 times per workflow.
    expect(reads).toEqual([2, 2]);
  });

  it.each([
    ['a Reusable Object naming no component', `parameters: [{ reference: $components.parameters.nope }]`, 'component-reference', '/parameters/0/reference'],
    ['a reference into the wrong kind of component', `parameters: [{ reference: $components.successActions.nope }]`, 'component-reference', '/parameters/0/reference'],
    ['a step running a workflow of an unknown source', `workflowId: $sourceDescriptions.nope.flow`, 'step-workflow-target', '/workflowId'],
    ['a typed criterion without context, of an unknown type', `successCriteria: [{ condition: x, type: jmespath }]`, 'criterion-type-context', '/successCriteria/0/type'],
    ['an output with an invalid name and a literal value', `outputs: { 'bad name': literal }`, 'output-name', '/outputs/bad name'],
    ['a goto to a workflow of an unknown source', `onSuccess: [{ name: g, type: goto, workflowId: $sourceDescriptions.nope.flow }]`, 'goto-target', '/onSuccess/0/workflowId'],
  ])('D66: %s is reported once, by the rule that owns it', async (_name, field, code, pathTail) => {
    const text = `arazzo: 1.0.1
info: { title: Owned, version: '1' }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        ${field.startsWith('workflowId') ? '' : 'operationId: op\n        '}${field}
`;
    const diagnostics = await validateDocument('file:///work/owned.arazzo.yaml', { text, loadSources: false });
    // The schema is checked as the document is read, before the walk: its own findings are not the walk's.
    const at = diagnostics.filter((diagnostic) => diagnostic.path.startsWith('/workflows/0/steps/0') && diagnostic.severity === 'error' && diagnostic.code !== 'arazzo-schema');
    expect(at.map((diagnostic) => [diagnostic.code, diagnostic.path])).toEqual([[code, `/workflows/0/steps/0${pathTail}`]]);
  });

  it('D66: a dependsOn entry naming an unknown source is reported by depends-on-target alone', async () => {
    const text = `arazzo: 1.0.1
info: { title: Owned, version: '1' }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: w
    dependsOn: [$sourceDescriptions.nope.flow]
    steps:
      - { stepId: s, operationId: op }
`;
    const diagnostics = await validateDocument('file:///work/owned.arazzo.yaml', { text, loadSources: false });
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.path])).toEqual([['depends-on-target', '/workflows/0/dependsOn/0']]);
  });
});
