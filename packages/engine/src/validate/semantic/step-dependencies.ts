import { isRecord } from '@loom/expressions/internal';
import { arazzoVersionOf } from '../../loader/document-root.js';
import { implicitStepDependencies, orderSteps, orderedStepsOf, workflowShared, type StepDependencyReaders } from '../../model/step-dependencies.js';
import { stepsOf, stringField, type Data, type Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { RuleContext } from './context.js';

/**
 * Arazzo 1.1.0 §Step Object `dependsOn`, §Step Dependencies and Execution Order (DECISIONS D98): each entry
 * names a step that exists; the steps' explicit and implicit (`$steps.<id>` read) dependencies have an
 * order; and in a workflow with no `dependsOn`, no step reads a step that comes after it. 1.1 documents only.
 */
export function stepDependenciesVisitor({ document, sink, expressions, lookupSourceWorkflow }: RuleContext): DocumentVisitor {
  if (arazzoVersionOf(document) !== '1.1') return {};
  const workflowSteps = new Map<string, Set<string>>();
  for (const workflow of Array.isArray(document['workflows']) ? document['workflows'] : []) {
    if (!isRecord(workflow) || typeof workflow['workflowId'] !== 'string') continue;
    const steps = Array.isArray(workflow['steps']) ? workflow['steps'] : [];
    workflowSteps.set(workflow['workflowId'], new Set(steps.flatMap((step) => (isRecord(step) && typeof step['stepId'] === 'string' ? [step['stepId']] : []))));
  }
  const sourceTypes = new Map<string, unknown>();
  return {
    sourceDescription(source) {
      const name = stringField(source.value, 'name');
      if (name !== undefined && !sourceTypes.has(name)) sourceTypes.set(name, source.value['type']);
    },
    leaveWorkflow(workflow) {
      const steps = stepsOf(workflow);
      const ownIds = new Set(steps.flatMap((step) => (typeof step.value['stepId'] === 'string' ? [step.value['stepId']] : [])));
      let declares = false;
      for (const step of steps) {
        const entries = step.value['dependsOn'];
        if (!Array.isArray(entries)) continue;
        declares = true;
        entries.forEach((entry, index) => {
          if (typeof entry !== 'string') return;
          const problem = dependencyProblem(expressions.stepDependency(entry), step, ownIds, workflowSteps, sourceTypes, lookupSourceWorkflow);
          if (problem) sink.report('step-depends-on-target', [...step.path, 'dependsOn', index], `Step '${String(step.value['stepId'])}' depends on '${entry}', but ${problem}.`);
        });
      }
      const shared = workflowShared(workflow.value);
      if (!declares) return reportForwardReferences(steps, sink, expressions, document, shared);
      const written = steps.map((step) => step.value);
      const ordered = orderSteps(orderedStepsOf(written, expressions, document, shared));
      if ('cycle' in ordered) {
        const ids = ordered.cycle.map((position) => String(steps[position]!.value['stepId']));
        for (const position of ordered.cycle) {
          const step = steps[position]!;
          const at = Array.isArray(step.value['dependsOn']) ? [...step.path, 'dependsOn'] : [...step.path, 'stepId'];
          sink.report('step-depends-on-cycle', at, `Step '${String(step.value['stepId'])}' is in a dependency cycle (${ids.join(', ')}): through dependsOn and $steps references, none of them can run first.`);
        }
      }
    },
  };
}

function dependencyProblem(
  read: ReturnType<StepDependencyReaders['stepDependency']>,
  step: Located<Data>,
  ownIds: ReadonlySet<string>,
  workflowSteps: ReadonlyMap<string, ReadonlySet<string>>,
  sourceTypes: ReadonlyMap<string, unknown>,
  lookupSourceWorkflow: RuleContext['lookupSourceWorkflow'],
): string | undefined {
  if (read === undefined) return 'an entry must be a stepId, $workflows.<workflowId>.steps.<stepId> or $sourceDescriptions.<name>.<workflowId>.steps.<stepId>';
  switch (read.kind) {
    case 'local':
      if (read.stepId === step.value['stepId']) return 'a step cannot depend on itself';
      return ownIds.has(read.stepId) ? undefined : `this workflow has no step '${read.stepId}' (a step of another workflow is $workflows.<workflowId>.steps.<stepId>)`;
    case 'workflow': {
      const steps = workflowSteps.get(read.workflowId);
      if (steps === undefined) return `there is no workflow '${read.workflowId}' in this document`;
      return steps.has(read.stepId) ? undefined : `workflow '${read.workflowId}' has no step '${read.stepId}'`;
    }
    case 'source':
      if (!sourceTypes.has(read.sourceName)) return `there is no source description named '${read.sourceName}'`;
      if (sourceTypes.get(read.sourceName) !== 'arazzo') return `source description '${read.sourceName}' is not an Arazzo document`;
      // Arazzo 1.1.0 §Step Object `dependsOn`: "Each value provided MUST be a stepId", there too (with sources loaded).
      switch (lookupSourceWorkflow?.(read.sourceName, read.workflowId, read.stepId)) {
        case 'missing':
          return `the Arazzo source '${read.sourceName}' has no workflow '${read.workflowId}'`;
        case 'missing-step':
          return `workflow '${read.workflowId}' of the Arazzo source '${read.sourceName}' has no step '${read.stepId}'`;
        default:
          // Found; or the source could not be read (reported as such), or sources were not loaded.
          return undefined;
      }
  }
}

/** Arazzo 1.1.0 §Validation Recommendations: without `dependsOn`, reading a later step's outputs cannot be satisfied in order. */
function reportForwardReferences(steps: readonly Located<Data>[], sink: RuleContext['sink'], readers: StepDependencyReaders, document: Data, shared: Data): void {
  const position = new Map<string, number>();
  steps.forEach((step, index) => {
    const id = step.value['stepId'];
    if (typeof id === 'string' && !position.has(id)) position.set(id, index);
  });
  steps.forEach((step, index) => {
    const id = step.value['stepId'];
    if (typeof id !== 'string') return;
    for (const read of implicitStepDependencies(step.value, id, readers, document, shared)) {
      const later = position.get(read);
      if (later === undefined || later < index) continue;
      sink.report(
        'step-forward-reference',
        [...step.path, 'stepId'],
        `Step '${id}' reads $steps.${read}, but step '${read}' comes later and the workflow declares no dependsOn: move '${read}' before '${id}', or add dependsOn: [${read}] to '${id}'.`,
      );
    }
  });
}
