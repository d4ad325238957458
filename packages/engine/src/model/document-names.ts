/**
 * What a document declares that expressions can refer to: source names,
 * workflows with their inputs, outputs and steps, and components. Built from
 * plain, possibly invalid data: anything malformed is simply not indexed.
 * The scopes made from it tell the expressions package which names a place
 * declares (DECISIONS D46).
 */
import { type RuntimeExpression } from '@loom/expressions';
import { isRecord, readOwn, type NameScope } from '@loom/expressions/internal';

export interface StepInfo {
  /** Declared output names; undefined when the step declares no `outputs`. */
  readonly outputs: ReadonlySet<string> | undefined;
  /** The local workflow a workflow step runs (not a `$sourceDescriptions` one). */
  readonly workflowId: string | undefined;
  /** True for a workflow step, local or in another Arazzo document. */
  readonly runsWorkflow: boolean;
}

export interface WorkflowInfo {
  readonly workflowId: string;
  /** Property names of the inputs schema; undefined when the schema does not list `properties`. */
  readonly inputs: ReadonlySet<string> | undefined;
  readonly outputs: ReadonlySet<string> | undefined;
  readonly steps: ReadonlyMap<string, StepInfo>;
}

export interface DocumentIndex {
  readonly sources: ReadonlySet<string>;
  readonly workflows: ReadonlyMap<string, WorkflowInfo>;
  readonly components: Readonly<Record<'inputs' | 'parameters' | 'successActions' | 'failureActions', ReadonlySet<string>>>;
}

/** What an expression written at one place of a document may name. */
export interface DocumentScope extends NameScope {
  readonly index: DocumentIndex;
  /** The workflow the expression is written in (undefined in `components`). */
  readonly workflow: WorkflowInfo | undefined;
  /** Inside the `outputs` of a step that runs a workflow, `$outputs` are the child's (DECISIONS D7). */
  readonly childWorkflow?: WorkflowInfo | undefined;
}

/** The scope of a place in the document: in a workflow (or in components), and in a step's outputs, with the child workflow. */
export function documentScope(index: DocumentIndex, workflow: WorkflowInfo | undefined, childWorkflow?: WorkflowInfo): DocumentScope {
  return { index, workflow, ...(childWorkflow === undefined ? {} : { childWorkflow }), declaredNames: (expression) => declaredNames(expression, index, workflow, childWorkflow) };
}

/** The names `expression`'s root declares, or undefined when they are not known. */
function declaredNames(expression: RuntimeExpression, index: DocumentIndex, workflow: WorkflowInfo | undefined, childWorkflow: WorkflowInfo | undefined): ReadonlySet<string> | undefined {
  switch (expression.root) {
    case 'inputs':
      return workflow?.inputs;
    case 'outputs':
      return childWorkflow?.outputs;
    case 'steps': {
      const step = workflow?.steps.get(expression.stepId);
      if (step === undefined) return undefined;
      // DECISIONS D7: a workflow step without outputs exposes its child's.
      return step.outputs ?? (step.workflowId === undefined ? undefined : index.workflows.get(step.workflowId)?.outputs);
    }
    case 'workflows': {
      const found = index.workflows.get(expression.workflowId);
      return expression.field === 'inputs' ? found?.inputs : found?.outputs;
    }
    case 'components':
      return index.components[expression.section];
    default:
      return undefined;
  }
}

function keysOf(value: unknown): Set<string> | undefined {
  return isRecord(value) ? new Set(Object.keys(value)) : undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `properties` names of an inputs schema, following a local `$ref` into `components/inputs`. */
function inputNames(schema: unknown, components: Record<string, unknown> | undefined, depth = 0): Set<string> | undefined {
  if (!isRecord(schema) || depth > 8) return undefined;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const match = /^#\/components\/inputs\/(.+)$/.exec(ref);
    const inputs = components?.inputs;
    if (match === null || !isRecord(inputs)) return undefined;
    const name = (match[1] as string).replace(/~1/g, '/').replace(/~0/g, '~');
    return inputNames(readOwn(inputs, name), components, depth + 1);
  }
  // Composed schemas (allOf, anyOf, ...) or free-form objects may accept any name.
  if (schema.allOf !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined) return undefined;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
  if (schema.patternProperties !== undefined) return undefined;
  return keysOf(schema.properties);
}

export function indexDocument(document: unknown): DocumentIndex {
  const root = isRecord(document) ? document : {};
  const components = isRecord(root.components) ? root.components : undefined;
  const sources = new Set<string>();
  for (const source of arrayOf(root.sourceDescriptions)) {
    if (isRecord(source) && typeof source.name === 'string') sources.add(source.name);
  }
  const workflows = new Map<string, WorkflowInfo>();
  for (const workflow of arrayOf(root.workflows)) {
    if (!isRecord(workflow) || typeof workflow.workflowId !== 'string') continue;
    const steps = new Map<string, StepInfo>();
    for (const step of arrayOf(workflow.steps)) {
      if (!isRecord(step) || typeof step.stepId !== 'string') continue;
      const workflowId = typeof step.workflowId === 'string' && !step.workflowId.startsWith('$') ? step.workflowId : undefined;
      steps.set(step.stepId, { outputs: keysOf(step.outputs), workflowId, runsWorkflow: typeof step.workflowId === 'string' });
    }
    workflows.set(workflow.workflowId, {
      workflowId: workflow.workflowId,
      inputs: inputNames(workflow.inputs, components),
      outputs: keysOf(workflow.outputs),
      steps,
    });
  }
  const empty = new Set<string>();
  return {
    sources,
    workflows,
    components: {
      inputs: keysOf(components?.inputs) ?? empty,
      parameters: keysOf(components?.parameters) ?? empty,
      successActions: keysOf(components?.successActions) ?? empty,
      failureActions: keysOf(components?.failureActions) ?? empty,
    },
  };
}
