import type { StepPlan, WorkflowContext, WorkflowPlan } from './plan.js';
import type { RunState } from './run-state.js';

/**
 * Arazzo 1.1.0 §Step Dependencies and Execution Order (Tool Behavior): what must have completed before a step
 * executes, checked each time the run reaches it, whatever brought it there (DECISIONS D98, D58, D59).
 */

/** Whether the step has anything to check: most steps do not, and the run then asks nothing per step. */
export function hasStepDependencies(step: StepPlan): boolean {
  return step.dependsOn !== undefined || step.readsSteps !== undefined;
}

/**
 * Why the step cannot run yet, or undefined. DECISIONS D98: a `dependsOn` entry not completed: a step of this
 * workflow that has not succeeded in this execution of it, or a step of another workflow that has not succeeded
 * in this run (`dependsOn` never runs it). DECISIONS D58: a step of this workflow whose `$steps.<id>` the step
 * reads and that has not completed (run to its outputs, in success or failure) in this execution.
 */
export function unmetDependency(plan: WorkflowPlan, step: StepPlan, context: WorkflowContext, state: RunState): string | undefined {
  for (const dependency of step.dependsOn ?? []) {
    if (dependency.kind === 'local') {
      if (!state.succeededSteps.get(plan)?.has(dependency.stepId)) return `it depends on step ${dependency.stepId}, which has not completed in this run of workflow ${plan.workflowId}`;
      continue;
    }
    const workflow = dependency.workflow?.();
    if (workflow === undefined || !state.succeededSteps.get(workflow)?.has(dependency.stepId)) {
      return `it depends on ${dependency.written}, which has not completed in this run (dependsOn does not run it)`;
    }
  }
  for (const stepId of step.readsSteps ?? []) {
    // `context.steps` holds the steps of this execution whose outputs were evaluated (on success and failure, D10).
    if (!Object.hasOwn(context.steps, stepId)) return `it reads $steps.${stepId}, and step ${stepId} has not completed in this run of workflow ${plan.workflowId}`;
  }
  return undefined;
}
