import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@loom/engine';
import { describeErrorGroups, indexWorkflowErrors, type ErrorScopeDocument } from '../../src/validate/workflow-errors.js';

/** DECISIONS D52, D53: which workflows a document's errors touch, as data. */

const ROOT = 'file:///work/flow.arazzo.yaml';
const API = 'file:///work/petstore.yaml';
const CHILD = 'file:///work/child.arazzo.yaml';

function error(source: string, path: string, line = 1): Diagnostic {
  return { code: 'x', severity: 'error', message: 'x', path, source, range: { start: { line, column: 3, offset: 0 }, end: { line, column: 4, offset: 1 } } };
}

const root: ErrorScopeDocument = {
  url: ROOT,
  document: {
    sourceDescriptions: [
      { name: 'petstore', url: './petstore.yaml' },
      { name: 'child', url: './child.arazzo.yaml', type: 'arazzo' },
    ],
    workflows: [
      { workflowId: 'listPets', steps: [{ stepId: 'list', operationId: 'listPets' }] },
      { workflowId: 'getPet', steps: [{ stepId: 'get', operationId: 'getPet' }] },
      { workflowId: 'callsChild', steps: [{ stepId: 'remote', workflowId: '$sourceDescriptions.child.inner' }] },
      { workflowId: 'dup', steps: [] },
      { workflowId: 'dup', steps: [] },
    ],
  },
  sources: new Map([
    ['petstore', { type: 'openapi' as const, url: API }],
    ['child', { type: 'arazzo' as const, url: CHILD }],
  ]),
  operations: new Map([
    ['0/0', { sourceName: 'petstore', sourceUrl: API, pointer: '/paths/~1pets/get' }],
    ['1/0', { sourceName: 'petstore', sourceUrl: API, pointer: '/paths/~1pets~1{id}/get' }],
  ]),
};
const child: ErrorScopeDocument = {
  url: CHILD,
  document: { workflows: [{ workflowId: 'inner', steps: [] }] },
  sources: new Map(),
  operations: new Map(),
};

describe('indexWorkflowErrors', () => {
  it('D53: an error inside one OpenAPI operation blocks only the workflows calling that operation', () => {
    const errors = indexWorkflowErrors([error(API, '/paths/~1pets~1{id}/get/responses', 7)], [root, child]);
    expect(errors.blockingErrors('listPets')).toEqual([]);
    expect(describeErrorGroups(errors.blockingErrors('getPet')!, { locations: true })).toBe('1 error in the OpenAPI file petstore.yaml (petstore.yaml:7:3)');
    expect(errors.hasOwnErrors(ROOT, 0)).toBe(false);
    expect(errors.hasOwnErrors(ROOT, 1)).toBe(true);
  });

  it('D53: an error elsewhere in an OpenAPI file (components, syntax) blocks every workflow calling into that file', () => {
    const errors = indexWorkflowErrors([error(API, '/components/schemas/Pet'), error(API, '')], [root, child]);
    expect(describeErrorGroups(errors.blockingErrors('listPets')!)).toBe('2 errors in the OpenAPI file petstore.yaml');
    expect(errors.blockingErrors('callsChild')).toEqual([]);
  });

  it('D53: an error in a workflow of an arazzo source blocks the workflow that runs it, named with its file', () => {
    const errors = indexWorkflowErrors([error(CHILD, '/workflows/0/steps')], [root, child]);
    expect(describeErrorGroups(errors.blockingErrors('callsChild')!)).toBe("1 error in workflow 'inner' of child.arazzo.yaml which step 'remote' runs");
    expect(errors.hasOwnErrors(ROOT, 2)).toBe(false);
    expect(errors.blockingErrors('listPets')).toEqual([]);
  });

  it('D53: an error at a source description blocks the workflows using that source only', () => {
    const errors = indexWorkflowErrors([error(ROOT, '/sourceDescriptions/1/url')], [root, child]);
    expect(describeErrorGroups(errors.blockingErrors('callsChild')!)).toBe("1 error in source description 'child'");
    expect(errors.blockingErrors('getPet')).toEqual([]);
  });

  it('D53: a duplicate workflowId blocks both workflows of that id; an unknown id is undefined', () => {
    const errors = indexWorkflowErrors([error(ROOT, '/workflows/4/workflowId')], [root, child]);
    expect(describeErrorGroups(errors.blockingErrors('dup')!)).toBe("1 error in workflow 'dup'");
    expect(errors.hasOwnErrors(ROOT, 3)).toBe(true);
    expect(errors.hasOwnErrors(ROOT, 4)).toBe(true);
    expect(errors.blockingErrors('nope')).toBeUndefined();
  });

  it('D52: groups count every error by place, in one phrase', () => {
    const errors = indexWorkflowErrors([error(API, ''), error(API, '/paths/~1pets/get'), error(API, '/x'), error(ROOT, '/workflows/1/steps/0')], [root, child]);
    expect(describeErrorGroups(errors.groups)).toBe("3 errors in the OpenAPI file petstore.yaml, 1 in workflow 'getPet'");
  });

  it('D53: a component with errors blocks a workflow that reaches it through another component (an inputs $ref chain)', () => {
    const chained: ErrorScopeDocument = {
      url: ROOT,
      document: {
        workflows: [
          { workflowId: 'usesChain', inputs: { $ref: '#/components/inputs/first' }, steps: [] },
          { workflowId: 'plain', steps: [] },
        ],
        components: { inputs: { first: { type: 'object', properties: { next: { $ref: '#/components/inputs/second' } } }, second: { $ref: 'nowhere' } } },
      },
      sources: new Map(),
      operations: new Map(),
    };
    const errors = indexWorkflowErrors([error(ROOT, '/components/inputs/second/$ref')], [chained]);
    expect(errors.hasOwnErrors(ROOT, 0)).toBe(true);
    expect(describeErrorGroups(errors.blockingErrors('usesChain')!)).toBe('1 error in components.inputs.second');
    expect(errors.hasOwnErrors(ROOT, 1)).toBe(false);
  });

  it('D53: a component is used where an expression or a $ref names it, not where text mentions it (read from the parsed expressions)', () => {
    const document: ErrorScopeDocument = {
      url: ROOT,
      document: {
        workflows: [
          { workflowId: 'mentions', description: 'Unlike $components.parameters.broken, this one needs no token.', steps: [{ stepId: 's', operationId: 'op' }] },
          { workflowId: 'inTemplate', steps: [{ stepId: 's', operationId: 'op', requestBody: { payload: 'token {$components.parameters.broken.value}' } }] },
          { workflowId: 'dotted', steps: [{ stepId: 's', operationId: 'op', parameters: [{ reference: '$components.parameters.a.b' }] }] },
        ],
        components: { parameters: { broken: { name: 'token' }, 'a.b': { name: 'x' } } },
      },
      sources: new Map(),
      operations: new Map(),
    };
    const errors = indexWorkflowErrors([error(ROOT, '/components/parameters/broken'), error(ROOT, '/components/parameters/a.b')], [document]);
    // A description is text (DECISIONS D22): the component it mentions is not used.
    expect(errors.hasOwnErrors(ROOT, 0)).toBe(false);
    expect(describeErrorGroups(errors.blockingErrors('inTemplate')!)).toBe('1 error in components.parameters.broken');
    expect(describeErrorGroups(errors.blockingErrors('dotted')!)).toBe('1 error in components.parameters.a.b');
  });
});
