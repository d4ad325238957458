import { readOwn, writeOwn } from '@loom/expressions/internal';
import type { DocumentNode, UsableDocumentNode } from '../loader/load-session.js';
import type { Data } from '../validate/document-walk.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import {
  isReusableObject,
  type ArazzoDocument,
  type FailureAction,
  type JsonSchema,
  type Parameter,
  type ReusableObject,
  type SuccessAction,
  type Workflow,
} from './arazzo.js';
import { expressionsOf } from './document-expressions.js';
import { sourceReferenceIds } from './source-references.js';
import type {
  ActionTarget,
  ArazzoSourceDocument,
  ResolvedDocument,
  ResolvedFailureAction,
  ResolvedParameter,
  ResolvedStep,
  ResolvedSuccessAction,
  ResolvedWorkflow,
  WorkflowTarget,
} from './resolved.js';

/** Each step's resolved operation, by `workflowIndex/stepIndex`, per document of the load (`resolveStepOperations`). */
export type OperationsByDocument = ReadonlyMap<DocumentNode, ReadonlyMap<string, OpenApiOperation>>;

interface Building {
  readonly resolved: ResolvedDocument;
  readonly node: DocumentNode;
  /** The document's data; with `include`, it may have failed the schema outside the workflows built. */
  readonly document: ArazzoDocument;
  readonly operations: ReadonlyMap<string, OpenApiOperation>;
  readonly workflows: Map<string, ResolvedWorkflow>;
  readonly sources: Map<string, OpenApiSource | ArazzoSourceDocument>;
}

/**
 * Builds the resolved model of a document that validated without errors (and of
 * the Arazzo documents it reaches), or, with `include`, of the workflows it names. Every reference is followed here once:
 * Reusable Objects, goto / retry targets, dependsOn, step targets, `in` (D13). The steps' operations
 * come from `operations`, which resolving them returned. Documents that reach each other share one
 * ResolvedDocument, so cycles are fine.
 */
export function buildModel(root: UsableDocumentNode, operations: OperationsByDocument, include?: (node: DocumentNode, workflowIndex: number) => boolean): ResolvedDocument {
  const building = new Map<DocumentNode, Building>();
  const noOperations: ReadonlyMap<string, OpenApiOperation> = new Map();
  const shell = (node: DocumentNode, data: Data): Building => {
    const known = building.get(node);
    if (known) return known;
    const workflows = new Map<string, ResolvedWorkflow>();
    const sources = new Map<string, OpenApiSource | ArazzoSourceDocument>();
    // Without `include` every document passed the schema (no errors); with it (DECISIONS D52), only
    // the workflows free of errors of their own are read, and those have the shape the schema describes.
    const document = data as unknown as ArazzoDocument;
    const resolved: ResolvedDocument = Object.freeze({ url: node.url, parsed: node.parsed, document, sources, workflows, sourceReferenceIds: sourceReferenceIds(node) });
    const entry = { resolved, node, document, operations: operations.get(node) ?? noOperations, workflows, sources };
    building.set(node, entry);
    for (const [name, loaded] of node.sources) {
      if (loaded.type === 'openapi') sources.set(name, loaded.source);
      else if (loaded.node.data) sources.set(name, Object.freeze({ type: 'arazzo' as const, name, url: loaded.node.url, resolved: shell(loaded.node, loaded.node.data).resolved }));
    }
    return entry;
  };
  shell(root, root.data);
  for (const entry of building.values()) {
    deepFreeze(entry.document);
    // DECISIONS D52: with `include`, only the workflows free of errors of their own (the rest may be malformed).
    const workflows: readonly Workflow[] = Array.isArray(entry.document.workflows) ? entry.document.workflows : [];
    workflows.forEach((workflow, index) => {
      if (include && !include(entry.node, index)) return;
      if (!entry.workflows.has(workflow.workflowId)) entry.workflows.set(workflow.workflowId, resolveWorkflow(entry, workflow, index));
    });
  }
  return building.get(root)!.resolved;
}

function resolveWorkflow(entry: Building, workflow: Workflow, workflowIndex: number): ResolvedWorkflow {
  const document = entry.document;
  const stepIndex = new Map<string, number>();
  workflow.steps.forEach((step, index) => {
    if (!stepIndex.has(step.stepId)) stepIndex.set(step.stepId, index);
  });
  const workflowParameters = (workflow.parameters ?? []).map((item) => resolveParameter(document, item, undefined));
  const successActions = (workflow.successActions ?? []).map((item) => resolveSuccessAction(entry, item, stepIndex));
  const failureActions = (workflow.failureActions ?? []).map((item) => resolveFailureAction(entry, item, stepIndex));
  const steps = workflow.steps.map((step, index): ResolvedStep => {
    const operation = entry.operations.get(`${workflowIndex}/${index}`);
    const isWorkflowStep = step.workflowId !== undefined;
    const asyncStep = entry.node.asyncApiSteps.get(`${workflowIndex}/${index}`);
    const target: ResolvedStep['target'] = isWorkflowStep
      ? workflowTarget(entry, step.workflowId!)
      : asyncStep !== undefined
        ? { kind: 'message', action: (step as { action?: string }).action === 'send' ? 'send' : 'receive', source: asyncStep.source, operation: asyncStep.operation }
        : { kind: 'operation', operation: operation! };
    const parameters = mergeParameters(
      (workflow.parameters ?? []).map((item) => resolveParameter(document, item, operation)),
      (step.parameters ?? []).map((item) => resolveParameter(document, item, operation)),
      isWorkflowStep,
    );
    return Object.freeze({
      stepId: step.stepId,
      index,
      definition: step,
      target: Object.freeze(target),
      parameters: Object.freeze(parameters),
      onSuccess: Object.freeze(mergeActions((step.onSuccess ?? []).map((item) => resolveSuccessAction(entry, item, stepIndex)), successActions)),
      onFailure: Object.freeze(mergeActions((step.onFailure ?? []).map((item) => resolveFailureAction(entry, item, stepIndex)), failureActions)),
      successCriteria: step.successCriteria ?? [],
      outputs: step.outputs ?? {},
    });
  });
  return Object.freeze({
    workflowId: workflow.workflowId,
    definition: workflow,
    ...(workflow.inputs === undefined ? {} : { inputsSchema: inlineInputRefs(document, workflow.inputs, []) }),
    steps: Object.freeze(steps),
    stepIndex,
    parameters: Object.freeze(workflowParameters),
    successActions: Object.freeze(successActions),
    failureActions: Object.freeze(failureActions),
    dependsOn: Object.freeze((workflow.dependsOn ?? []).map((id) => workflowTarget(entry, id))),
    outputs: workflow.outputs ?? {},
  });
}

function resolveParameter(document: ArazzoDocument, item: Parameter | ReusableObject, operation: OpenApiOperation | undefined): ResolvedParameter {
  let parameter: Parameter;
  let reference: string | undefined;
  let value: unknown;
  if (isReusableObject(item)) {
    reference = item.reference;
    parameter = component(document, item, 'parameters') as Parameter;
    // Arazzo 1.0.1 §Reusable Object `value`: sets the value of the referenced parameter.
    value = item.value !== undefined ? item.value : parameter.value;
  } else {
    parameter = item;
    value = item.value;
  }
  // DECISIONS D13: a missing `in` on an operation step comes from the operation's only parameter of that name.
  const location = parameter.in ?? operation?.parameters.find((candidate) => candidate.name === parameter.name)?.in;
  return Object.freeze({ name: parameter.name, ...(location ? { in: location } : {}), value, ...(reference ? { reference } : {}) });
}

// DECISIONS D13: step parameters override workflow parameters with the same name and `in` (name alone for workflow steps, D8).
function mergeParameters(workflowLevel: ResolvedParameter[], stepLevel: ResolvedParameter[], isWorkflowStep: boolean): ResolvedParameter[] {
  const key = (parameter: ResolvedParameter): string => (isWorkflowStep ? parameter.name : `${parameter.name}\u0000${parameter.in ?? ''}`);
  const overridden = new Set(stepLevel.map(key));
  return [...workflowLevel.filter((parameter) => !overridden.has(key(parameter))), ...stepLevel];
}

// DECISIONS D11: the step's own actions first, then the workflow's whose names the step does not reuse.
function mergeActions<A extends { readonly name: string }>(stepLevel: A[], workflowLevel: readonly A[]): A[] {
  const names = new Set(stepLevel.map((action) => action.name));
  return [...stepLevel, ...workflowLevel.filter((action) => !names.has(action.name))];
}

function resolveSuccessAction(entry: Building, item: SuccessAction | ReusableObject, stepIndex: ReadonlyMap<string, number>): ResolvedSuccessAction {
  const reference = isReusableObject(item) ? item.reference : undefined;
  const action = isReusableObject(item) ? (component(entry.document, item, 'successActions') as SuccessAction) : item;
  const target = action.type === 'goto' ? actionTarget(entry, action, stepIndex) : undefined;
  return Object.freeze({
    name: action.name,
    type: action.type,
    criteria: action.criteria ?? [],
    ...(target ? { target } : {}),
    ...actionParameters(entry.document, action),
    ...(reference ? { reference } : {}),
    definition: action,
  });
}

function resolveFailureAction(entry: Building, item: FailureAction | ReusableObject, stepIndex: ReadonlyMap<string, number>): ResolvedFailureAction {
  const reference = isReusableObject(item) ? item.reference : undefined;
  const action = isReusableObject(item) ? (component(entry.document, item, 'failureActions') as FailureAction) : item;
  const target = action.type === 'end' ? undefined : actionTarget(entry, action, stepIndex);
  return Object.freeze({
    name: action.name,
    type: action.type,
    criteria: action.criteria ?? [],
    ...(target ? { target } : {}),
    ...(action.retryAfter === undefined ? {} : { retryAfter: action.retryAfter }),
    ...(action.retryLimit === undefined ? {} : { retryLimit: action.retryLimit }),
    ...actionParameters(entry.document, action),
    ...(reference ? { reference } : {}),
    definition: action,
  });
}

/** Arazzo 1.1.0 §Success / Failure Action Object `parameters`: Parameter Objects without `in`, or Reusable Objects. */
function actionParameters(document: ArazzoDocument, action: SuccessAction | FailureAction): { parameters?: readonly ResolvedParameter[] } {
  if (action.parameters === undefined) return {};
  return { parameters: Object.freeze(action.parameters.map((item) => resolveParameter(document, item, undefined))) };
}

function actionTarget(entry: Building, action: { stepId?: string; workflowId?: string }, stepIndex: ReadonlyMap<string, number>): ActionTarget | undefined {
  if (action.stepId !== undefined) return Object.freeze({ kind: 'step' as const, stepId: action.stepId, stepIndex: stepIndex.get(action.stepId)! });
  if (action.workflowId !== undefined) return workflowTarget(entry, action.workflowId);
  return undefined;
}

function workflowTarget(entry: Building, written: string): WorkflowTarget {
  const reference = expressionsOf(entry.document).workflowReference(written)!;
  if (reference.kind === 'local') return Object.freeze({ kind: 'workflow' as const, document: entry.resolved, workflowId: reference.workflowId });
  const source = entry.sources.get(reference.sourceName) as ArazzoSourceDocument;
  return Object.freeze({ kind: 'workflow' as const, document: source.resolved, workflowId: reference.workflowId });
}

function component(document: ArazzoDocument, item: ReusableObject, kind: 'parameters' | 'successActions' | 'failureActions'): unknown {
  const reference = expressionsOf(document).componentReference(item.reference)!;
  return readOwn(document.components![kind]!, reference.name);
}

/**
 * Inlines `$ref`s into `components.inputs` so the runner validates inputs with the
 * schema alone. A `$ref` that would recurse into itself is left as written.
 */
function inlineInputRefs(document: ArazzoDocument, schema: JsonSchema, trail: readonly string[]): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  const walk = (value: unknown, currentTrail: readonly string[]): unknown => {
    if (Array.isArray(value)) return Object.freeze(value.map((item) => walk(item, currentTrail)));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const ref = record['$ref'];
    const name = typeof ref === 'string' ? expressionsOf(document).inputsReference(ref) : undefined;
    if (name !== undefined && !currentTrail.includes(name)) {
      const inputs = document.components?.inputs;
      const target = inputs === undefined ? undefined : readOwn(inputs, name);
      if (target !== undefined) {
        const { $ref: _ref, ...siblings } = record;
        const inlined = walk(target, [...currentTrail, name]);
        // JSON Schema 2020-12: `$ref` applies alongside its siblings.
        return Object.keys(siblings).length === 0 ? inlined : Object.freeze({ allOf: [inlined], ...(walk(siblings, currentTrail) as object) });
      }
    }
    const out: Record<string, unknown> = {};
    // DECISIONS D30: a property named `__proto__` is a property like any other.
    for (const [key, child] of Object.entries(record)) writeOwn(out, key, key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? child : walk(child, currentTrail));
    return Object.freeze(out);
  };
  return walk(schema, trail) as JsonSchema;
}

function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
}

