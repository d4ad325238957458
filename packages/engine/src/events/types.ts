/**
 * What a run reports while it goes, so the CLI, tests and tracing can observe it.
 * Every event carries `time` (ms since the run started, from a monotonic clock).
 * Secrets are masked before an event is emitted (DECISIONS D21): listeners never
 * see a secret input's value or a secret header.
 */
export type RunEvent =
  | RunStartEvent
  | WorkflowStartEvent
  | StepStartEvent
  | RequestEvent
  | ResponseEvent
  | CriterionEvent
  | ActionEvent
  | StepEndEvent
  | WorkflowEndEvent
  | RunEndEvent;

/** What every run event carries. */
export interface EventBase {
  /** Milliseconds since the run started. */
  readonly time: number;
}

/** What every event of one step attempt carries. */
export interface StepEventBase extends EventBase {
  readonly workflowId: string;
  readonly stepId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** The run starts: its workflow and its inputs (secrets masked). */
export interface RunStartEvent extends EventBase {
  readonly type: 'run.start';
  readonly workflowId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** A workflow starts: the run's own, a dependency (dependsOn), a nested workflow step, or a goto target. */
export interface WorkflowStartEvent extends EventBase {
  readonly type: 'workflow.start';
  readonly workflowId: string;
  /** Nesting depth: 0 for the run's workflow. */
  readonly depth: number;
  readonly reason: 'run' | 'dependsOn' | 'step' | 'goto' | 'retry';
}

/** An attempt of a step starts. */
export interface StepStartEvent extends StepEventBase {
  readonly type: 'step.start';
  readonly kind: 'operation' | 'workflow';
  /** For operation steps, `METHOD path` of the operation. */
  readonly operation?: string;
}

/** A request is about to be sent, as it will be sent (secret headers masked). */
export interface RequestEvent extends StepEventBase {
  readonly type: 'request';
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, when it is text (masked); omitted for binary and multipart bodies. */
  readonly body?: string;
}

/** A response arrived, its body read and parsed. */
export interface ResponseEvent extends StepEventBase {
  readonly type: 'response';
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly durationMs: number;
  readonly bytes: number;
  /** The body, parsed as for `$response.body` (masked where it is text). */
  readonly body?: unknown;
}

/** A criterion was evaluated: a success criterion or one of an action's criteria. */
export interface CriterionEvent extends StepEventBase {
  readonly type: 'criterion';
  /** Where the criterion stands: the step's successCriteria or an action's criteria. */
  readonly owner: 'successCriteria' | 'onSuccess' | 'onFailure';
  readonly condition: string;
  readonly passed: boolean;
  /** Why it failed, with the values seen (`$statusCode == 200: got 503`). */
  readonly explanation?: string;
}

/** A success or failure action was chosen: `end`, `goto` or `retry` (with its delay). */
export interface ActionEvent extends StepEventBase {
  readonly type: 'action';
  readonly kind: 'success' | 'failure';
  readonly name: string;
  readonly action: 'end' | 'goto' | 'retry';
  /** goto / retry target step. */
  readonly targetStepId?: string;
  readonly targetWorkflowId?: string;
  /** retry: the delay before the next attempt, in ms. */
  readonly delayMs?: number;
}

/** An attempt of a step ended. */
export interface StepEndEvent extends StepEventBase {
  readonly type: 'step.end';
  readonly status: 'success' | 'failure';
  readonly statusCode?: number;
  readonly durationMs: number;
  /** Why the step failed. */
  readonly reason?: string;
  /** The step's outputs as evaluated after its last attempt (masked); absent when no response came. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A workflow ended: the run's own, a dependency, a nested workflow step or a goto target. */
export interface WorkflowEndEvent extends EventBase {
  readonly type: 'workflow.end';
  readonly workflowId: string;
  readonly depth: number;
  readonly status: 'success' | 'failure';
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
}

/** The run ended; the same status and outputs as the result. */
export interface RunEndEvent extends EventBase {
  readonly type: 'run.end';
  readonly workflowId: string;
  /** `suspended`: a durable run stopped at a long retry delay and goes on later (DECISIONS D90). */
  readonly status: 'success' | 'failure' | 'suspended';
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
  readonly error?: { readonly message: string; readonly stepId?: string };
}

/**
 * Receives every event of a run (`RunOptions.onEvent`); what it throws or rejects with does not change the
 * run (DECISIONS D29).
 */
export type RunEventListener = (event: RunEvent) => void;
