import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../loader/parse-text.js';
import type { ResolvedDocument, ResolvedFailureAction, ResolvedSuccessAction, ResolvedWorkflow } from '../model/resolved.js';

/** Where control can go after a step: other steps of the workflow, and whether the workflow can be left. */
interface StepExits {
  readonly next: Set<number>;
  /** True when some outcome ends the workflow: `end`, a `goto` to a workflow, the last step's fall-through, or a failure no action handles. */
  exits: boolean;
}

/**
 * Lint: steps that control can never reach (`step-unreachable`) and loops of
 * `goto` / fall-through with no way out (`goto-loop-no-exit`), from the resolved
 * action lists (DECISIONS D11: the step's own actions, then the workflow's).
 * Whether a step succeeds or fails is unknown before a run, so both outcomes are followed.
 */
export function checkStepFlow(model: ResolvedDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const workflows = model.document.workflows;
  for (const [workflowIndex, definition] of workflows.entries()) {
    const workflow = model.workflows.get(definition.workflowId);
    if (!workflow || workflow.steps.length === 0) continue;
    const exits = workflow.steps.map((_, index) => stepExits(workflow, index));
    const reachable = reachableFrom(0, exits);
    const escaping = stepsThatCanExit(exits);
    const trapped: number[] = [];
    for (const step of workflow.steps) {
      const path = ['workflows', workflowIndex, 'steps', step.index, 'stepId'];
      if (!reachable.has(step.index)) {
        diagnostics.push(
          diagnosticAt(model.parsed, path, {
            code: 'step-unreachable',
            severity: 'warning',
            message: `step '${step.stepId}' is never reached: no step falls through or goes to it`,
          }),
        );
      } else if (!escaping.has(step.index)) {
        trapped.push(step.index);
      }
    }
    const first = trapped[0];
    if (first !== undefined) {
      const names = trapped.map((index) => `'${workflow.steps[index]!.stepId}'`).join(', ');
      diagnostics.push(
        diagnosticAt(model.parsed, ['workflows', workflowIndex, 'steps', first, 'stepId'], {
          code: 'goto-loop-no-exit',
          severity: 'warning',
          // DECISIONS D17: such a run can only stop at the step limit.
          message: `steps ${names} loop with no way out: every success and failure leads back into the loop, so a run stops only at the step limit (maxSteps)`,
        }),
      );
    }
  }
  return diagnostics;
}

function stepExits(workflow: ResolvedWorkflow, index: number): StepExits {
  const step = workflow.steps[index]!;
  const result: StepExits = { next: new Set(), exits: false };
  // Arazzo 1.0.1 §Step Object onSuccess: with no matching action the workflow continues with the next step.
  if (!followActions(step.onSuccess, result)) {
    if (index + 1 < workflow.steps.length) result.next.add(index + 1);
    else result.exits = true;
  }
  // DECISIONS D10: a failure that no action handles ends the run.
  if (!followActions(step.onFailure, result, index)) result.exits = true;
  return result;
}

/**
 * Records the targets of the actions that may be taken, in order (D11: the first
 * whose criteria hold); returns true when an action without criteria guarantees a
 * match. A `retry` never guarantees one: once its retries are spent, the later actions are considered (D12).
 */
function followActions(actions: readonly (ResolvedSuccessAction | ResolvedFailureAction)[], into: StepExits, self?: number): boolean {
  for (const action of actions) {
    const target = action.target;
    if (action.type === 'retry') {
      if (self !== undefined) into.next.add(self);
      if (target?.kind === 'step') into.next.add(target.stepIndex);
      continue;
    }
    if (action.type === 'end' || target?.kind === 'workflow') into.exits = true;
    else if (target?.kind === 'step') into.next.add(target.stepIndex);
    if (action.criteria.length === 0) return true;
  }
  return false;
}

function reachableFrom(start: number, exits: readonly StepExits[]): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const next of exits[current]?.next ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function stepsThatCanExit(exits: readonly StepExits[]): Set<number> {
  const escaping = new Set<number>();
  let changed = true;
  while (changed) {
    changed = false;
    exits.forEach((step, index) => {
      if (escaping.has(index)) return;
      if (step.exits || [...step.next].some((next) => escaping.has(next))) {
        escaping.add(index);
        changed = true;
      }
    });
  }
  return escaping;
}
