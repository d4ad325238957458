/**
 * Which asynchronous steps a run may execute. Kept apart from the message session so that a run
 * of an HTTP-only workflow checks this and loads nothing of the messaging layer (DECISIONS D105).
 */
import type { MessageStepPlan } from './message-step-plan.js';
import type { WorkflowPlan } from './plan.js';

const reachableMessageSteps = new WeakMap<WorkflowPlan, readonly MessageStepPlan[]>();

/**
 * The asynchronous steps a run of `plan` may execute: its own, and those of every workflow it can
 * reach through workflow steps, goto and retry targets and dependsOn. Computed once per plan.
 */
export function messageStepsReachable(plan: WorkflowPlan): readonly MessageStepPlan[] {
  let found = reachableMessageSteps.get(plan);
  if (found !== undefined) return found;
  const steps: MessageStepPlan[] = [];
  const seen = new Set<WorkflowPlan>();
  const pending: WorkflowPlan[] = [plan];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const dependency of current.dependsOn) pending.push(dependency());
    for (const step of current.steps) {
      if (step.target.kind === 'message') steps.push(step.target);
      else if (step.target.kind === 'workflow') pending.push(step.target.workflow());
      for (const action of [...step.onSuccess, ...step.onFailure]) if (action.workflow) pending.push(action.workflow());
    }
  }
  found = steps;
  reachableMessageSteps.set(plan, found);
  return found;
}

