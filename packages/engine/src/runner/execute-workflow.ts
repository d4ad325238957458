import { requestMethod } from '../sources/operation-index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CriterionResult, type EvaluationContext } from '@loom/expressions';
import { writeOwn } from '@loom/expressions/internal';
import { secretInputValues } from '../secrets/secret-policy.js';
import { evaluateCriteria, evaluateOutputs } from './evaluate-plan.js';
import { executeOperation, type AttemptOutcome } from './execute-operation.js';
import type { ActionPlan, CriterionPlan, ParameterPlan, StepPlan, WorkflowContext, WorkflowPlan, WorkflowStepPlan } from './plan.js';
import { nestingLimitMessage } from './nesting-limit.js';
import { elapsed, type DurableState, type RunState } from './run-state.js';
import { CHECKPOINT_VERSION, type RunCheckpoint } from './checkpoint.js';
import { abortedMessage, startStepDeadline } from './step-deadline.js';
import { hasStepDependencies, unmetDependency } from './step-dependencies.js';

/** How a workflow execution ended. */
export interface WorkflowOutcome {
  readonly status: 'success' | 'failure';
  readonly outputs: Record<string, unknown>;
  readonly error?: { readonly message: string; readonly stepId?: string; readonly workflowId: string };
  /** The last request and response of the workflow, for a workflow step's criteria (R11). */
  readonly last?: Pick<WorkflowContext, 'url' | 'method' | 'statusCode' | 'request' | 'response'>;
  /** DECISIONS D90: the run's own workflow suspended at a long retry delay; it has not ended. */
  readonly suspended?: true;
}

type Reason = 'run' | 'dependsOn' | 'step' | 'goto' | 'retry';

/** What to do once a step (with its actions) is done. */
type Next =
  | { readonly kind: 'next' }
  | { readonly kind: 'goto'; readonly index: number }
  | { readonly kind: 'end'; readonly status: 'success' | 'failure'; readonly error?: WorkflowOutcome['error'] }
  | { readonly kind: 'transfer'; readonly outcome: WorkflowOutcome }
  | { readonly kind: 'suspend' };

const NEXT: Next = { kind: 'next' };

/**
 * Runs one workflow to its end (Arazzo 1.0.1 §Workflow Object, §Step Object, DECISIONS D10-D17).
 * `inputs` have already passed the workflow's inputs schema.
 */
export async function executeWorkflow(
  plan: WorkflowPlan,
  inputs: Record<string, unknown>,
  state: RunState,
  depth: number,
  reason: Reason,
): Promise<WorkflowOutcome> {
  if (depth >= state.settings.maxWorkflowDepth) {
    // DECISIONS D28: nesting past the limit stops the run; nothing of this workflow runs.
    state.stopped ??= nestingLimitMessage(state.settings.maxWorkflowDepth, state.nesting, plan.workflowId);
    return failure(plan, state.stopped);
  }
  // A nested workflow whose first step runs another workflow would otherwise recurse without ever
  // waiting, one stack frame chain per level; one tick here keeps the stack flat at any depth.
  if (depth > 0) await undefined;
  const started = elapsed(state);
  // DECISIONS D21: a nested workflow's secret inputs are as secret as the run's own.
  if (plan.secretInputs.length > 0) for (const value of secretInputValues(plan.inputsSchema, inputs)) state.secrets.add(value);
  state.emit?.({ type: 'workflow.start', time: started, workflowId: plan.workflowId, depth, reason });
  state.nesting.push(plan.workflowId);
  const outcome = await executeWorkflowBody(plan, inputs, state, depth);
  state.nesting.pop();
  // DECISIONS D90: a suspended workflow has not ended; its end comes in the run that resumes it.
  if (outcome.suspended) return outcome;
  state.completed.set(plan, outcome.status);
  writeOwn(state.workflows, plan.workflowId, { inputs, outputs: outcome.outputs });
  const time = elapsed(state);
  state.emit?.({
    type: 'workflow.end',
    time,
    workflowId: plan.workflowId,
    depth,
    status: outcome.status,
    outputs: outcome.outputs,
    durationMs: time - started,
  });
  return outcome;
}

async function executeWorkflowBody(
  plan: WorkflowPlan,
  inputs: Record<string, unknown>,
  state: RunState,
  depth: number,
): Promise<WorkflowOutcome> {
  // DECISIONS D15: each dependency not yet completed in this run runs first, with the same inputs.
  for (const dependency of plan.dependsOn) {
    const target = dependency();
    if (state.completed.has(target)) continue;
    const checked = target.validateInputs(inputs);
    const result = checked.ok
      ? await executeWorkflow(target, checked.inputs, state, depth + 1, 'dependsOn')
      : failure(target, `inputs rejected: ${checked.problems.join('; ')}`);
    if (result.status === 'failure') {
      if (state.stopped !== undefined) return failure(plan, state.stopped);
      return failure(plan, `dependency ${target.workflowId} failed${result.error ? `: ${result.error.message}` : ''}`, result.error?.stepId);
    }
  }

  const context: WorkflowContext = {
    inputs,
    steps: {},
    workflows: state.workflows,
    sourceDescriptions: plan.sourceDescriptions,
    self: plan.self,
    ...(plan.components ? { components: plan.components } : {}),
    ...(state.collectSecrets ? { maskText: state.secrets.mask } : {}),
  };
  writeOwn(state.workflows, plan.workflowId, { inputs });

  // DECISIONS D90: only the run's own workflow is checkpointed; what it nests is inside one of its steps.
  const durable = depth === 0 ? state.durable : undefined;
  let index = plan.firstIndex;
  let resumedRetry: RunCheckpoint['retry'];
  // DECISIONS D98: what step `dependsOn` finds completed, for this execution of the workflow.
  const outerSucceeded = state.succeededSteps.get(plan);
  const succeeded = new Set<string>();
  state.succeededSteps.set(plan, succeeded);
  if (durable?.resume) {
    index = durable.resume.next.stepIndex;
    for (const [stepId, step] of Object.entries(durable.resume.steps)) writeOwn(context.steps, stepId, step);
    for (const record of durable.resume.records) if (record.workflowId === plan.workflowId && record.status === 'success') succeeded.add(record.stepId);
    resumedRetry = durable.resume.retry;
    durable.resume = undefined;
  }
  let status: 'success' | 'failure' = 'success';
  let error: WorkflowOutcome['error'];
  while (index < plan.steps.length) {
    const step = plan.steps[index]!;
    const next = enterStep(plan, step, context, state) ?? (await executeStepWithActions(plan, step, context, state, depth, durable, resumedRetry));
    resumedRetry = undefined;
    if (next.kind === 'suspend') return { status: 'failure', outputs: {}, suspended: true };
    if (next.kind === 'next') index = plan.nextIndex[index]!;
    else if (next.kind === 'goto') index = next.index;
    if (durable && (next.kind === 'next' || next.kind === 'goto')) await durable.onCheckpoint(checkpointOf(plan, index, context, state));
    if (next.kind === 'next' || next.kind === 'goto') continue;
    if (next.kind === 'end') {
      status = next.status;
      error = next.error;
      break;
    } else {
      // DECISIONS D16: goto a workflow transfers control for good; the run's status is the target's.
      status = next.outcome.status;
      error = next.outcome.error;
      break;
    }
  }
  // A workflow running itself (through a workflow step) gives its caller back the caller's own completed steps.
  if (outerSucceeded !== undefined && state.nesting.indexOf(plan.workflowId) !== state.nesting.length - 1) state.succeededSteps.set(plan, outerSucceeded);
  const { values, missing } = evaluateOutputs(plan.outputs, context);
  // DECISIONS D10: an unresolved output is left out and reported. After a failure, missing
  // outputs are a consequence of the failure already reported, so they are not repeated (R6).
  if (status === 'success') for (const entry of missing) state.warnings.push(`workflow ${plan.workflowId} output ${entry}`);
  const last = context.response ? { url: context.url, method: context.method, statusCode: context.statusCode, request: context.request, response: context.response } : undefined;
  return { status, outputs: values, ...(error ? { error } : {}), ...(last ? { last } : {}) };
}

async function executeStepWithActions(
  plan: WorkflowPlan,
  step: StepPlan,
  context: WorkflowContext,
  state: RunState,
  depth: number,
  durable?: DurableState,
  resumedRetry?: RunCheckpoint['retry'],
): Promise<Next> {
  const started = elapsed(state);
  const retries = new Map<ActionPlan, number>();
  let attempt = 0;
  if (resumedRetry) {
    // DECISIONS D90: a suspended retry goes on with the attempts and retries it had used.
    attempt = resumedRetry.attempt;
    step.onFailure.forEach((action, position) => {
      const used = resumedRetry.retriesUsed[position];
      if (typeof used === 'number' && used > 0) retries.set(action, used);
    });
  }
  for (;;) {
    attempt++;
    const limit = checkLimits(plan, step, state);
    if (limit) return limit;
    const outcome = await attemptStep(plan, step, context, state, attempt, depth);

    if (outcome.passed) {
      // Most steps have no success actions: no call and no await for them.
      const action = step.onSuccess.length === 0 ? undefined : await selectAction(step.onSuccess, context, state, plan, step, attempt, 'onSuccess');
      finishStep(plan, step, state, attempt, started, outcome, 'success');
      if (action === undefined) return NEXT;
      emitAction(state, plan, step, attempt, 'success', action);
      return await takeJump(action, context, state, depth);
    }

    if (state.signal?.aborted) {
      // Cancellation and the run timeout end the run; no failure action can undo them. Nor, inside a
      // step with a `timeout`, can a nested step's actions undo that step's deadline (DECISIONS D96).
      finishStep(plan, step, state, attempt, started, outcome, 'failure');
      return end(plan, step, `${abortedMessage(state)} during step ${step.stepId}`);
    }
    if (state.stopped !== undefined) {
      // DECISIONS D28: nor can they undo the nesting limit; its message is passed on as it is.
      finishStep(plan, step, state, attempt, started, outcome, 'failure');
      return end(plan, step, state.stopped);
    }
    const action = await selectAction(step.onFailure, context, state, plan, step, attempt, 'onFailure', retries);
    if (action?.type === 'retry') {
      const used = (retries.get(action) ?? 0) + 1;
      retries.set(action, used);
      // DECISIONS D12: Retry-After wins over retryAfter; both capped.
      const delayMs = Math.min(outcome.retryAfterMs ?? action.retryAfterSeconds * 1000, state.settings.maxRetryDelayMs);
      emitAction(state, plan, step, attempt, 'failure', action, delayMs);
      const before = await runRetryTarget(action, plan, context, state, depth);
      if (before) {
        finishStep(plan, step, state, attempt, started, outcome, 'failure');
        return before;
      }
      if (state.stopped !== undefined) {
        // DECISIONS D28: the retry target went past the nesting limit; no delay, no retry.
        finishStep(plan, step, state, attempt, started, outcome, 'failure');
        return end(plan, step, state.stopped);
      }
      if (durable && delayMs > durable.suspendDelaysOverMs) {
        // DECISIONS D90: a long wait is not slept through: the run suspends with a checkpoint that resumes this retry.
        const resumeAt = Date.now() + delayMs;
        durable.suspendedUntil = resumeAt;
        const retry = { attempt, retriesUsed: step.onFailure.map((candidate) => retries.get(candidate) ?? 0), resumeAt };
        await durable.onCheckpoint(checkpointOf(plan, plan.steps.indexOf(step), context, state, retry));
        return { kind: 'suspend' };
      }
      if (delayMs > 0) {
        try {
          await sleep(delayMs, undefined, state.signal ? { signal: state.signal } : {});
        } catch {
          finishStep(plan, step, state, attempt, started, outcome, 'failure');
          return end(plan, step, abortedMessage(state));
        }
      }
      continue;
    }
    finishStep(plan, step, state, attempt, started, outcome, 'failure');
    if (action === undefined) {
      // DECISIONS D10/D11: no failure action matched -> the run fails.
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      return end(plan, step, `step ${step.stepId} failed${tries}: ${outcome.reason ?? 'success criteria not met'}`);
    }
    emitAction(state, plan, step, attempt, 'failure', action);
    if (action.type === 'end') return end(plan, step, `step ${step.stepId} failed and its failure action ${action.name} ended the workflow: ${outcome.reason ?? ''}`.trim());
    return await takeJump(action, context, state, depth);
  }
}

interface StepAttempt extends AttemptOutcome {
  readonly passed: boolean;
  /** For the step.end event (run reports); absent after a transport failure. */
  readonly outputs?: Record<string, unknown>;
}

/** One attempt at a step: the request (or child workflow), then its success criteria and outputs. */
async function attemptStep(
  plan: WorkflowPlan,
  step: StepPlan,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
  depth: number,
): Promise<StepAttempt> {
  state.stepsExecuted++;
  const target = step.target;
  state.emit?.({
    type: 'step.start',
    time: elapsed(state),
    workflowId: plan.workflowId,
    stepId: step.stepId,
    attempt,
    kind: target.kind,
    ...(target.kind === 'operation' ? { operation: `${requestMethod(target.operation)} ${target.operation.path}` } : {}),
    ...(target.kind === 'message' ? { operation: `${target.action} ${target.operation.channel.address ?? target.operation.channel.name}` } : {}),
  });
  // Values of the previous step must not leak into this one's expressions.
  context.url = context.method = context.statusCode = context.request = context.response = context.outputs = context.message = undefined;

  // DECISIONS D96: a deadline per attempt; an asynchronous step's `timeout` is how long its receive waits (D27), kept by the receive itself.
  const deadline = step.timeoutMs === undefined || target.kind === 'message' ? undefined : startStepDeadline(state, step.stepId, step.timeoutMs);
  let outcome: AttemptOutcome;
  try {
    outcome =
      target.kind === 'operation'
        ? await executeOperation(plan, step, target, context, state, attempt)
        : target.kind === 'message'
          ? await (await import('./execute-message-step.js')).executeMessageStep(plan, step, target, context, state, attempt)
          : await executeWorkflowStep(step, target, context, state, depth);
  } finally {
    deadline?.end();
  }
  if (deadline?.expired && !state.settings.signal?.aborted) {
    // DECISIONS D96: past its timeout the attempt fails, whatever it was doing; its failure actions apply.
    return { passed: false, reason: `did not complete within its timeout of ${step.timeoutMs} ms` };
  }
  if (outcome.reason !== undefined && outcome.statusCode === undefined && target.kind !== 'workflow') {
    // A transport failure: there is no response for criteria to look at (DECISIONS D9 aside, it is a failure).
    return { ...outcome, passed: false };
  }
  let passed = outcome.reason === undefined;
  let reason = outcome.reason;
  if (passed) {
    if (step.successCriteria.length === 0) {
      // DECISIONS D9: no successCriteria -> a 2xx response (a workflow step: the child succeeded; an
      // asynchronous step: the message was sent or received, D27).
      if (target.kind === 'operation' && !(outcome.statusCode! >= 200 && outcome.statusCode! < 300)) {
        passed = false;
        reason = `status ${outcome.statusCode} is not 2xx (the step has no successCriteria)`;
      }
    } else {
      const result = await evaluateCriteria(step.successCriteria, context, state.emit && criterionReporter(state, plan, step, attempt, 'successCriteria', context));
      passed = result.passed;
      if (!passed) reason = result.explanation;
    }
  }
  // Outputs are evaluated from what ran, on success and on failure alike (DECISIONS D10); an output
  // that cannot be resolved is left out.
  const exposed = step.exposesChildOutputs && context.outputs ? context.outputs : undefined;
  let outputs: Record<string, unknown> | undefined = exposed;
  if (outputs === undefined) {
    const evaluated = evaluateOutputs(step.outputs, context);
    outputs = evaluated.values;
    if (passed) for (const entry of evaluated.missing) state.warnings.push(`step ${step.stepId} output ${entry}`);
  }
  writeOwn(context.steps, step.stepId, { outputs });
  return { ...outcome, passed, ...(reason !== undefined ? { reason } : {}), outputs };
}

/** DECISIONS D7, D8: a workflow step runs the child with its parameters as inputs; `$outputs` then reads the child's outputs. */
async function executeWorkflowStep(
  step: StepPlan,
  target: WorkflowStepPlan,
  context: WorkflowContext,
  state: RunState,
  depth: number,
): Promise<AttemptOutcome> {
  const child = target.workflow();
  const inputs = inputsFrom(target.parameters, context);
  const checked = child.validateInputs(inputs);
  if (!checked.ok) return { reason: `workflow ${child.workflowId} rejected its inputs: ${checked.problems.join('; ')}` };
  const outcome = await executeWorkflow(child, checked.inputs, state, depth + 1, 'step');
  context.outputs = outcome.outputs;
  // R11: in a workflow step's criteria and outputs, $statusCode, $response, $request, $url and
  // $method are those of the child workflow's last request (the spec's pet-coupons example
  // checks `$statusCode == 200` on a workflow step).
  const last = outcome.last;
  if (last) Object.assign(context, last);
  const statusCode = last?.statusCode !== undefined ? { statusCode: last.statusCode } : {};
  return outcome.status === 'success'
    ? statusCode
    : { ...statusCode, reason: `workflow ${child.workflowId} failed${outcome.error ? `: ${outcome.error.message}` : ''}` };
}

/** Parameters as a workflow's inputs (DECISIONS D8, D97); one with no value is left out (D14), for the inputs schema to judge. */
function inputsFrom(parameters: readonly ParameterPlan[], context: WorkflowContext): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const value = parameter.value.evaluate(context);
    if (value !== undefined) writeOwn(inputs, parameter.name, value);
  }
  return inputs;
}

/** DECISIONS D16, D97: a workflow an action runs takes the action's parameters, or else the current workflow's inputs. */
function actionInputs(action: ActionPlan, context: WorkflowContext): Readonly<Record<string, unknown>> {
  return action.parameters ? inputsFrom(action.parameters, context) : context.inputs;
}

/**
 * DECISIONS D11: the first action whose criteria all hold (no criteria: always holds).
 * DECISIONS D12: a retry action whose limit is spent is passed over, so the remaining actions are considered in order.
 */
async function selectAction(
  actions: readonly ActionPlan[],
  context: WorkflowContext,
  state: RunState,
  plan: WorkflowPlan,
  step: StepPlan,
  attempt: number,
  owner: 'onSuccess' | 'onFailure',
  retries?: ReadonlyMap<ActionPlan, number>,
): Promise<ActionPlan | undefined> {
  for (const action of actions) {
    if (action.type === 'retry' && (retries?.get(action) ?? 0) >= action.retryLimit) continue;
    if (action.criteria.length === 0) return action;
    const result = await evaluateCriteria(action.criteria, context, state.emit && criterionReporter(state, plan, step, attempt, owner, context));
    if (result.passed) return action;
  }
  return undefined;
}

/** Reports each criterion as an event; only made when someone listens, so a silent run allocates nothing for it. */
function criterionReporter(
  state: RunState,
  plan: WorkflowPlan,
  step: StepPlan,
  attempt: number,
  owner: 'successCriteria' | 'onSuccess' | 'onFailure',
  context: EvaluationContext,
): (criterion: CriterionPlan, value: CriterionResult) => void {
  return (criterion, value) => {
    // DECISIONS D110: the values read, whether it passed or not.
    const values = criterion.readValues(context);
    state.emit?.({
      type: 'criterion',
      time: elapsed(state),
      workflowId: plan.workflowId,
      stepId: step.stepId,
      attempt,
      owner,
      condition: criterion.condition,
      passed: value.passed,
      ...(value.explanation ? { explanation: value.explanation } : {}),
      ...(values.length > 0 ? { values } : {}),
    });
  };
}

/** goto a step or a workflow; `end`. */
async function takeJump(action: ActionPlan, context: WorkflowContext, state: RunState, depth: number): Promise<Next> {
  if (action.type === 'end') {
    // DECISIONS D10: a success action `end` ends in success (a failure action `end` was handled by the caller).
    return { kind: 'end', status: 'success' };
  }
  if (action.stepIndex !== undefined) return { kind: 'goto', index: action.stepIndex };
  const target = action.workflow!();
  // DECISIONS D16: the caller does not resume; D97: the target's inputs are the action's parameters, if it has any.
  const checked = target.validateInputs(actionInputs(action, context));
  const outcome = checked.ok
    ? await executeWorkflow(target, checked.inputs, state, depth + 1, 'goto')
    : failure(target, `inputs rejected: ${checked.problems.join('; ')}`);
  return { kind: 'transfer', outcome };
}

/** A retry with stepId / workflowId runs that first (Arazzo 1.0.1 §Failure Action Object), then the current step again. */
async function runRetryTarget(
  action: ActionPlan,
  plan: WorkflowPlan,
  context: WorkflowContext,
  state: RunState,
  depth: number,
): Promise<Next | undefined> {
  if (action.stepIndex !== undefined) {
    const target = plan.steps[action.stepIndex]!;
    // DECISIONS D59: a retry target is reached like any other step; one that cannot run ends the workflow.
    const refused = enterStep(plan, target, context, state);
    if (refused) return refused;
    const started = elapsed(state);
    const limit = checkLimits(plan, target, state);
    if (limit) return limit;
    const outcome = await attemptStep(plan, target, context, state, 1, depth);
    finishStep(plan, target, state, 1, started, outcome, outcome.passed ? 'success' : 'failure');
    return undefined;
  }
  if (action.workflow) {
    const target = action.workflow();
    const checked = target.validateInputs(actionInputs(action, context));
    if (checked.ok) await executeWorkflow(target, checked.inputs, state, depth + 1, 'retry');
  }
  return undefined;
}

/**
 * Every way the run reaches a step passes here: in order, a goto (the step's, the workflow's or a `$components`
 * action), a retry's `stepId`, a resumed run (DECISIONS D98, D58, D59). A step whose dependencies have not
 * completed fails without running; otherwise undefined, and the step runs.
 */
function enterStep(plan: WorkflowPlan, step: StepPlan, context: WorkflowContext, state: RunState): Next | undefined {
  if (!hasStepDependencies(step)) return undefined;
  const unmet = unmetDependency(plan, step, context, state);
  return unmet === undefined ? undefined : failUnstarted(plan, step, state, unmet);
}

/** DECISIONS D98: a step whose dependencies are not met fails without running; no failure action applies, since nothing ran. */
function failUnstarted(plan: WorkflowPlan, step: StepPlan, state: RunState, unmet: string): Next {
  const reason = `step ${step.stepId} cannot run: ${unmet}`;
  finishStep(plan, step, state, 0, elapsed(state), { passed: false, reason }, 'failure');
  return end(plan, step, reason);
}

/** DECISIONS D17 (maxSteps), D28 (nesting), cancellation and the whole-run timeout, checked before every attempt. */
function checkLimits(plan: WorkflowPlan, step: StepPlan, state: RunState): Next | undefined {
  if (state.signal?.aborted) return end(plan, step, abortedMessage(state));
  if (state.stopped !== undefined) return end(plan, step, state.stopped);
  if (state.stepsExecuted >= state.settings.maxSteps) {
    return end(plan, step, `the run executed ${state.settings.maxSteps} steps (maxSteps) and stopped at step ${step.stepId} of workflow ${plan.workflowId}: a goto or retry loop that does not end?`);
  }
  return undefined;
}

function finishStep(
  plan: WorkflowPlan,
  step: StepPlan,
  state: RunState,
  attempts: number,
  started: number,
  outcome: StepAttempt,
  status: 'success' | 'failure',
): void {
  const time = elapsed(state);
  const record = {
    stepId: step.stepId,
    workflowId: plan.workflowId,
    status,
    attempts,
    ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
    durationMs: time - started,
    ...(status === 'failure' && outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
  };
  state.records.push(record);
  if (status === 'success') state.succeededSteps.get(plan)?.add(step.stepId);
  state.emit?.({ type: 'step.end', time, attempt: attempts, ...record, ...(outcome.outputs !== undefined ? { outputs: outcome.outputs } : {}) });
}

function emitAction(
  state: RunState,
  plan: WorkflowPlan,
  step: StepPlan,
  attempt: number,
  kind: 'success' | 'failure',
  action: ActionPlan,
  delayMs?: number,
): void {
  if (!state.emit) return;
  const target = action.stepIndex !== undefined ? { targetStepId: plan.steps[action.stepIndex]!.stepId } : action.workflow ? { targetWorkflowId: action.workflow().workflowId } : {};
  state.emit({ type: 'action', time: elapsed(state), workflowId: plan.workflowId, stepId: step.stepId, attempt, kind, name: action.name, action: action.type, ...target, ...(delayMs !== undefined ? { delayMs } : {}) });
}

function end(plan: WorkflowPlan, step: StepPlan, message: string): Next {
  return { kind: 'end', status: 'failure', error: { message, stepId: step.stepId, workflowId: plan.workflowId } };
}

function failure(plan: WorkflowPlan, message: string, stepId?: string): WorkflowOutcome {
  return { status: 'failure', outputs: {}, error: { message, workflowId: plan.workflowId, ...(stepId ? { stepId } : {}) } };
}

/** DECISIONS D90: where the run's own workflow stands, as plain JSON. */
function checkpointOf(plan: WorkflowPlan, nextIndex: number, context: WorkflowContext, state: RunState, retry?: RunCheckpoint['retry']): RunCheckpoint {
  const completedWorkflows: Record<string, 'success' | 'failure'> = {};
  for (const [workflow, status] of state.completed) writeOwn(completedWorkflows, workflow.workflowId, status);
  return {
    version: CHECKPOINT_VERSION,
    workflowId: plan.workflowId,
    next: { stepIndex: nextIndex, stepId: plan.steps[nextIndex]?.stepId },
    ...(retry ? { retry } : {}),
    steps: { ...context.steps } as RunCheckpoint['steps'],
    workflows: { ...state.workflows },
    completedWorkflows,
    stepsExecuted: state.stepsExecuted,
    records: [...state.records],
    warnings: [...state.warnings],
    elapsedMs: elapsed(state),
  };
}
