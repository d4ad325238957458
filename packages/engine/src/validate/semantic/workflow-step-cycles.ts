import type { PathSegment } from '@loom/expressions/internal';
import { stepsOf, stringField, workflowsOf, type Data } from '../document-walk.js';
import type { DiagnosticSink } from './context.js';
import { forEachCycle } from './graph-cycles.js';

/**
 * `workflow-step-cycle` (warning): steps that run workflows whose steps run the first one again,
 * within one document. Such a run nests until it reaches maxWorkflowDepth and stops (DECISIONS D28);
 * a cycle may still be meant (criteria or actions can end it first), so it is not an error.
 */
export function checkWorkflowStepCycles(document: Data, sink: DiagnosticSink): void {
  const edges = new Map<string, { target: string; stepId: string; path: readonly PathSegment[] }[]>();
  for (const workflow of workflowsOf(document)) {
    const id = stringField(workflow.value, 'workflowId');
    if (id === undefined || edges.has(id)) continue;
    const calls = [];
    for (const step of stepsOf(workflow)) {
      const target = stringField(step.value, 'workflowId');
      // `$sourceDescriptions.<name>.<id>` runs a workflow of another document: not followed here.
      // A step that also names an operation is a step-target error already.
      const alsoOperation = step.value['operationId'] !== undefined || step.value['operationPath'] !== undefined;
      if (target !== undefined && !target.startsWith('$') && !alsoOperation) calls.push({ target, stepId: stringField(step.value, 'stepId') ?? '?', path: [...step.path, 'workflowId'] });
    }
    edges.set(id, calls);
  }
  forEachCycle(edges, (edge, cycle) =>
    sink.report(
      'workflow-step-cycle',
      edge.path,
      `Step '${edge.stepId}' runs workflow '${edge.target}', and workflow steps form a cycle: ${cycle.join(' -> ')}; a run stops when workflows nest deeper than maxWorkflowDepth (DECISIONS D28).`,
      { severity: 'warning' },
    ),
  );
}
