import type { PathSegment } from '@loom/expressions/internal';
import { stringField } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { RuleContext } from './context.js';
import { forEachCycle } from './graph-cycles.js';

/**
 * `workflow-step-cycle` (warning): steps that run workflows whose steps run the first one again,
 * within one document. Such a run nests until it reaches maxWorkflowDepth and stops (DECISIONS D28);
 * a cycle may still be meant (criteria or actions can end it first), so it is not an error.
 */
export function workflowStepCyclesVisitor({ sink }: RuleContext): DocumentVisitor {
  const edges = new Map<string, { target: string; stepId: string; path: readonly PathSegment[] }[]>();
  /** The calls of the workflow being walked; undefined when it has no id or its id came earlier (the first counts). */
  let calls: { target: string; stepId: string; path: readonly PathSegment[] }[] | undefined;
  return {
    enterWorkflow(workflow) {
      const id = stringField(workflow.value, 'workflowId');
      calls = id === undefined || edges.has(id) ? undefined : [];
      if (id !== undefined && calls !== undefined) edges.set(id, calls);
    },
    enterStep(step) {
      const target = stringField(step.value, 'workflowId');
      // `$sourceDescriptions.<name>.<id>` runs a workflow of another document: not followed here.
      // A step that also names an operation is a step-target error already.
      const alsoOperation = step.value['operationId'] !== undefined || step.value['operationPath'] !== undefined;
      if (calls !== undefined && target !== undefined && !target.startsWith('$') && !alsoOperation) calls.push({ target, stepId: stringField(step.value, 'stepId') ?? '?', path: [...step.path, 'workflowId'] });
    },
    leaveDocument() {
      forEachCycle(edges, (edge, cycle) =>
        sink.report(
          'workflow-step-cycle',
          edge.path,
          `Step '${edge.stepId}' runs workflow '${edge.target}', and workflow steps form a cycle: ${cycle.join(' -> ')}; a run stops when workflows nest deeper than maxWorkflowDepth (DECISIONS D28).`,
          { severity: 'warning' },
        ),
      );
    },
  };
}
