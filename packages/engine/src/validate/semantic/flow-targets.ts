import { isReusableObject } from '../../model/arazzo.js';
import type { PathSegment } from '@loom/expressions/internal';
import { stringField, type Data, type Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { DiagnosticSink, RuleContext } from './context.js';
import { componentOf } from './uniqueness.js';
import { forEachCycle } from './graph-cycles.js';

/**
 * Where control and data flow: a step's `workflowId`, goto / retry targets and
 * `dependsOn` must name something that exists (Arazzo 1.0.1 §Step Object,
 * §Success/Failure Action Object, §Workflow Object `dependsOn`); dependsOn must
 * not loop (DECISIONS D15).
 */
export function flowTargetsVisitor({ document, expressions, sink, lookupSourceWorkflow }: RuleContext): DocumentVisitor {
  const sourceTypes = new Map<string, unknown>();
  /** Local workflow ids come from the names index: a step may run a workflow declared after it. */
  const workflowIds = expressions.names.workflows;

  /** undefined when `value` names an existing workflow; otherwise why not. */
  const problemWith = (value: string): string | undefined => {
    const reference = expressions.workflowReference(value);
    if (!reference) return `'${value}' is not a valid reference; use $sourceDescriptions.<name>.<workflowId>`;
    if (reference.kind === 'local') return workflowIds.has(reference.workflowId) ? undefined : `there is no workflow '${value}' in this document`;
    if (!sourceTypes.has(reference.sourceName)) return `there is no source description named '${reference.sourceName}'`;
    if (sourceTypes.get(reference.sourceName) === 'openapi') return `source description '${reference.sourceName}' is an OpenAPI description, not an Arazzo document`;
    switch (lookupSourceWorkflow?.(reference.sourceName, reference.workflowId)) {
      case 'missing':
        return `the Arazzo source '${reference.sourceName}' has no workflow '${reference.workflowId}'`;
      case 'not-arazzo':
        return `source description '${reference.sourceName}' is not an Arazzo document`;
      default:
        // 'found'; 'unknown' (the source could not be loaded: reported as source-unreadable); or sources not loaded.
        return undefined;
    }
  };

  // Goto and retry actions may name any step of their workflow: they are checked when it has been walked.
  let stepIds = new Set<string>();
  let actions: { item: Located<Data>; kind: 'success' | 'failure' }[] = [];
  const dependencies = new Map<string, { target: string; path: readonly PathSegment[] }[]>();
  return {
    sourceDescription(source) {
      const name = stringField(source.value, 'name');
      if (name !== undefined && !sourceTypes.has(name)) sourceTypes.set(name, source.value['type']);
    },
    enterWorkflow(workflow) {
      stepIds = new Set();
      actions = [];
      checkDependsOn(workflow, problemWith, sink);
      collectDependencies(workflow, dependencies);
    },
    enterStep(step) {
      const stepId = stringField(step.value, 'stepId');
      if (stepId !== undefined) stepIds.add(stepId);
      const target = stringField(step.value, 'workflowId');
      const problem = target === undefined ? undefined : problemWith(target);
      if (problem) sink.report('step-workflow-target', [...step.path, 'workflowId'], `Step '${stepId ?? '?'}' runs workflow '${target}', but ${problem}.`);
    },
    action(item, place) {
      actions.push({ item, kind: place.kind });
    },
    leaveWorkflow(workflow) {
      for (const { item, kind } of actions) checkAction(document, item, kind, stepIds, workflow, problemWith, sink);
    },
    // DECISIONS D15: cycles in dependsOn are a validation error (within one document).
    leaveDocument: () => forEachCycle(dependencies, (edge, cycle) => sink.report('depends-on-cycle', edge.path, `dependsOn forms a cycle: ${cycle.join(' -> ')}.`)),
  };
}

function checkAction(
  document: Data,
  item: Located<Data>,
  kind: 'success' | 'failure',
  stepIds: ReadonlySet<string>,
  workflow: Located<Data>,
  problemWith: (value: string) => string | undefined,
  sink: DiagnosticSink,
): void {
  const action = componentOf(document, item.value, kind === 'success' ? 'successActions' : 'failureActions');
  if (!action) return;
  const type = stringField(action, 'type');
  if (type !== 'goto' && type !== 'retry') return;
  const code = type === 'goto' ? 'goto-target' : 'retry-target';
  const viaReference = isReusableObject(item.value);
  // A component action's stepId is checked where it is used: it names a step of the using workflow.
  const at = (field: string): readonly PathSegment[] => (viaReference ? [...item.path, 'reference'] : [...item.path, field]);
  const via = viaReference ? ` (through ${item.value['reference'] as string})` : '';
  const name = stringField(action, 'name') ?? '?';
  const stepId = stringField(action, 'stepId');
  if (stepId !== undefined && !stepIds.has(stepId)) {
    sink.report(code, at('stepId'), `The ${type} action '${name}'${via} targets step '${stepId}', which is not a step of workflow '${stringField(workflow.value, 'workflowId') ?? '?'}'.`);
  }
  const workflowId = stringField(action, 'workflowId');
  const problem = workflowId === undefined ? undefined : problemWith(workflowId);
  if (problem) sink.report(code, at('workflowId'), `The ${type} action '${name}'${via} targets workflow '${workflowId}', but ${problem}.`);
}

function checkDependsOn(workflow: Located<Data>, problemWith: (value: string) => string | undefined, sink: DiagnosticSink): void {
  const dependsOn = workflow.value['dependsOn'];
  if (!Array.isArray(dependsOn)) return;
  dependsOn.forEach((entry, index) => {
    if (typeof entry !== 'string') return;
    const problem = problemWith(entry);
    if (problem) sink.report('depends-on-target', [...workflow.path, 'dependsOn', index], `Workflow '${stringField(workflow.value, 'workflowId') ?? '?'}' depends on '${entry}', but ${problem}.`);
  });
}

/** The workflow's dependsOn edges within the document, for the cycle check; the first workflow of an id counts. */
function collectDependencies(workflow: Located<Data>, edges: Map<string, { target: string; path: readonly PathSegment[] }[]>): void {
  const id = stringField(workflow.value, 'workflowId');
  const dependsOn = workflow.value['dependsOn'];
  if (id === undefined || edges.has(id) || !Array.isArray(dependsOn)) return;
  edges.set(
    id,
    dependsOn.flatMap((entry, index) => (typeof entry === 'string' && !entry.startsWith('$') ? [{ target: entry, path: [...workflow.path, 'dependsOn', index] }] : [])),
  );
}
