import { isRecord } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../document/parse-text.js';
import { workflowsOf, type Data, type Located } from '../validate/document-walk.js';
import { resolveItem, type LintInput } from './lint-input.js';

/** Where control can go after a step: other steps of the workflow, and whether the workflow can be left. */
interface StepExits {
  readonly next: Set<number>;
  /** True when some outcome ends the workflow: `end`, a `goto` to a workflow, the last step's fall-through, or a failure no action handles. */
  exits: boolean;
  /** True when where the step leads cannot be known (see `anywhere`). */
  readonly anywhere?: boolean;
}

/**
 * Lint: steps that control can never reach (`step-unreachable`) and loops of
 * `goto` / fall-through with no way out (`goto-loop-no-exit`), from the action lists
 * (DECISIONS D11: the step's own actions, then the workflow's).
 * Whether a step succeeds or fails is unknown before a run, so both outcomes are followed.
 * Runs on any document: an action that cannot be read (a Reusable Object naming nothing, an
 * unknown type or goto target) may go anywhere, so no step is reported on its account.
 */
export function checkStepFlow(input: LintInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const document = input.parsed.data;
  for (const workflow of workflowsOf(document)) {
    const list = workflow.value['steps'];
    if (!Array.isArray(list) || list.length === 0) continue;
    const steps: (Located<Data> | undefined)[] = list.map((item, index) => (isRecord(item) ? { value: item, path: [...workflow.path, 'steps', index] } : undefined));
    const indexById = new Map<string, number[]>();
    steps.forEach((step, index) => {
      const stepId = step?.value['stepId'];
      if (typeof stepId === 'string') indexById.set(stepId, [...(indexById.get(stepId) ?? []), index]);
    });
    const flow: FlowContext = {
      document,
      count: steps.length,
      indexById,
      workflowSuccess: actionItems(document, workflow.value['successActions'], 'successActions'),
      workflowFailure: actionItems(document, workflow.value['failureActions'], 'failureActions'),
    };
    const exits = steps.map((step, index) => stepExits(flow, step, index));
    const reachable = reachableFrom(0, exits);
    const escaping = stepsThatCanExit(exits);
    const trapped: number[] = [];
    const nameOf = (index: number) => `'${String(steps[index]?.value['stepId'])}'`;
    steps.forEach((step, index) => {
      if (!step || typeof step.value['stepId'] !== 'string') return;
      if (!reachable.has(index)) {
        diagnostics.push(
          diagnosticAt(input.parsed, [...step.path, 'stepId'], {
            code: 'step-unreachable',
            severity: 'warning',
            message: `step ${nameOf(index)} is never reached: no step falls through or goes to it`,
          }),
        );
      } else if (!escaping.has(index)) {
        trapped.push(index);
      }
    });
    const first = trapped[0];
    if (first !== undefined) {
      diagnostics.push(
        diagnosticAt(input.parsed, [...workflow.path, 'steps', first, 'stepId'], {
          code: 'goto-loop-no-exit',
          severity: 'warning',
          // DECISIONS D17: such a run can only stop at the step limit.
          message: `steps ${trapped.map(nameOf).join(', ')} loop with no way out: every success and failure leads back into the loop, so a run stops only at the step limit (maxSteps)`,
        }),
      );
    }
  }
  return diagnostics;
}

interface FlowContext {
  readonly document: unknown;
  readonly count: number;
  readonly indexById: ReadonlyMap<string, readonly number[]>;
  readonly workflowSuccess: ActionItems;
  readonly workflowFailure: ActionItems;
}

/** An action list read from the document: `undefined` items could not be read. */
type ActionItems = readonly (Data | undefined)[];

function actionItems(document: unknown, list: unknown, kind: 'successActions' | 'failureActions'): ActionItems {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [undefined];
  return list.map((item) => resolveItem(document, item, kind));
}

/** DECISIONS D11: the step's own actions first, then the workflow's whose names the step does not reuse. */
function mergeActions(stepLevel: ActionItems, workflowLevel: ActionItems): ActionItems {
  const names = new Set(stepLevel.map((action) => action?.['name']));
  return [...stepLevel, ...workflowLevel.filter((action) => action === undefined || !names.has(action['name']))];
}

/** A step whose actions cannot be read: it may go to any step, or leave. */
function anywhere(): StepExits {
  return { next: new Set(), exits: true, anywhere: true };
}

function stepExits(flow: FlowContext, step: Located<Data> | undefined, index: number): StepExits {
  if (!step) return anywhere();
  const result: StepExits = { next: new Set(), exits: false };
  const onSuccess = mergeActions(actionItems(flow.document, step.value['onSuccess'], 'successActions'), flow.workflowSuccess);
  const onFailure = mergeActions(actionItems(flow.document, step.value['onFailure'], 'failureActions'), flow.workflowFailure);
  // Arazzo 1.0.1 §Step Object onSuccess: with no matching action the workflow continues with the next step.
  const success = followActions(flow, onSuccess, result);
  if (success === 'unknown') return anywhere();
  if (!success) {
    if (index + 1 < flow.count) result.next.add(index + 1);
    else result.exits = true;
  }
  // DECISIONS D10: a failure that no action handles ends the run.
  const failure = followActions(flow, onFailure, result, index);
  if (failure === 'unknown') return anywhere();
  if (!failure) result.exits = true;
  return result;
}

/**
 * Records the targets of the actions that may be taken, in order (D11: the first
 * whose criteria hold); returns true when an action without criteria guarantees a
 * match, 'unknown' when an action cannot be read. A `retry` never guarantees one:
 * once its retries are spent, the later actions are considered (D12).
 */
function followActions(flow: FlowContext, actions: ActionItems, into: StepExits, self?: number): boolean | 'unknown' {
  for (const action of actions) {
    if (!action) return 'unknown';
    const type = action['type'];
    const target = actionTarget(flow, action);
    if (target === 'unknown') return 'unknown';
    if (type === 'retry' && self !== undefined) {
      // The step is tried again, after the target (a step or a workflow) has run.
      into.next.add(self);
      if (Array.isArray(target)) for (const next of target) into.next.add(next);
      continue;
    }
    if (type === 'end' || target === 'workflow') into.exits = true;
    else if (type === 'goto' && target !== undefined) for (const next of target) into.next.add(next);
    else return 'unknown';
    const criteria = action['criteria'];
    if (criteria === undefined || (Array.isArray(criteria) && criteria.length === 0)) return true;
  }
  return false;
}

/** Where a goto / retry action sends control: steps by index, another workflow, nowhere (no target), or 'unknown'. */
function actionTarget(flow: FlowContext, action: Data): readonly number[] | 'workflow' | 'unknown' | undefined {
  const stepId = action['stepId'];
  const workflowId = action['workflowId'];
  if (stepId !== undefined && workflowId !== undefined) return 'unknown';
  if (workflowId !== undefined) return 'workflow';
  if (stepId === undefined) return undefined;
  // A goto to a step that does not exist (or to a stepId written twice) is a validation error: the intended step is unknown.
  const indices = typeof stepId === 'string' ? flow.indexById.get(stepId) : undefined;
  return indices?.length === 1 ? indices : 'unknown';
}

function reachableFrom(start: number, exits: readonly StepExits[]): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    // A step whose actions cannot be read may lead to any step.
    if (exits[current]?.anywhere) return new Set(exits.keys());
    for (const next of exits[current]?.next ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The steps from which some path leaves the workflow: a search backwards from the exiting steps, linear in steps and edges. */
function stepsThatCanExit(exits: readonly StepExits[]): Set<number> {
  const before: number[][] = exits.map(() => []);
  exits.forEach((step, index) => {
    for (const next of step.next) before[next]?.push(index);
  });
  const escaping = new Set<number>();
  const queue: number[] = [];
  exits.forEach((step, index) => {
    if (step.exits) {
      escaping.add(index);
      queue.push(index);
    }
  });
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const previous of before[current]!) {
      if (!escaping.has(previous)) {
        escaping.add(previous);
        queue.push(previous);
      }
    }
  }
  return escaping;
}
