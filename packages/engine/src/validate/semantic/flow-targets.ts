import { isReusableObject } from '../../model/arazzo.js';
import { expressionsOf } from '../../model/document-expressions.js';
import type { PathSegment } from '@loom/expressions/internal';
import { actionListsOf, sourceDescriptionsOf, stepsOf, stringField, workflowsOf, type Data, type Located } from '../document-walk.js';
import type { DiagnosticSink, SemanticContext } from './context.js';
import { componentOf } from './uniqueness.js';
import { forEachCycle } from './graph-cycles.js';

/**
 * Where control and data flow: a step's `workflowId`, goto / retry targets and
 * `dependsOn` must name something that exists (Arazzo 1.0.1 §Step Object,
 * §Success/Failure Action Object, §Workflow Object `dependsOn`); dependsOn must
 * not loop (DECISIONS D15).
 */
export function checkFlowTargets(document: Data, context: SemanticContext, sink: DiagnosticSink): void {
  const workflows = workflowsOf(document);
  const workflowIds = new Set(workflows.map((workflow) => stringField(workflow.value, 'workflowId')).filter((id): id is string => id !== undefined));
  const sourceTypes = new Map<string, unknown>();
  for (const source of sourceDescriptionsOf(document)) {
    const name = stringField(source.value, 'name');
    if (name !== undefined && !sourceTypes.has(name)) sourceTypes.set(name, source.value['type']);
  }

  /** undefined when `value` names an existing workflow; otherwise why not. */
  const problemWith = (value: string): string | undefined => {
    const reference = expressionsOf(document).workflowReference(value);
    if (!reference) return `'${value}' is not a valid reference; use $sourceDescriptions.<name>.<workflowId>`;
    if (reference.kind === 'local') return workflowIds.has(reference.workflowId) ? undefined : `there is no workflow '${value}' in this document`;
    if (!sourceTypes.has(reference.sourceName)) return `there is no source description named '${reference.sourceName}'`;
    if (sourceTypes.get(reference.sourceName) === 'openapi') return `source description '${reference.sourceName}' is an OpenAPI description, not an Arazzo document`;
    switch (context.lookupSourceWorkflow?.(reference.sourceName, reference.workflowId)) {
      case 'missing':
        return `the Arazzo source '${reference.sourceName}' has no workflow '${reference.workflowId}'`;
      case 'not-arazzo':
        return `source description '${reference.sourceName}' is not an Arazzo document`;
      default:
        // 'found'; 'unknown' (the source could not be loaded: reported as source-unreadable); or sources not loaded.
        return undefined;
    }
  };

  for (const workflow of workflows) {
    const stepIds = new Set(stepsOf(workflow).map((step) => stringField(step.value, 'stepId')).filter((id): id is string => id !== undefined));
    for (const step of stepsOf(workflow)) {
      const target = stringField(step.value, 'workflowId');
      const problem = target === undefined ? undefined : problemWith(target);
      if (problem) sink.report('step-workflow-target', [...step.path, 'workflowId'], `Step '${stringField(step.value, 'stepId') ?? '?'}' runs workflow '${target}', but ${problem}.`);
    }
    for (const list of actionListsOf(workflow)) {
      for (const item of list.items) checkAction(document, item, list.kind, stepIds, workflow, problemWith, sink);
    }
    checkDependsOn(workflow, problemWith, sink);
  }
  checkDependencyCycles(workflows, sink);
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

// DECISIONS D15: cycles in dependsOn are a validation error (within one document).
function checkDependencyCycles(workflows: Located<Data>[], sink: DiagnosticSink): void {
  const edges = new Map<string, { target: string; path: readonly PathSegment[] }[]>();
  for (const workflow of workflows) {
    const id = stringField(workflow.value, 'workflowId');
    const dependsOn = workflow.value['dependsOn'];
    if (id === undefined || edges.has(id) || !Array.isArray(dependsOn)) continue;
    edges.set(
      id,
      dependsOn.flatMap((entry, index) => (typeof entry === 'string' && !entry.startsWith('$') ? [{ target: entry, path: [...workflow.path, 'dependsOn', index] }] : [])),
    );
  }
  forEachCycle(edges, (edge, cycle) => sink.report('depends-on-cycle', edge.path, `dependsOn forms a cycle: ${cycle.join(' -> ')}.`));
}
