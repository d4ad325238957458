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

export interface EventBase {
  /** Milliseconds since the run started. */
  readonly time: number;
}

export interface StepEventBase extends EventBase {
  readonly workflowId: string;
  readonly stepId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

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

export interface StepStartEvent extends StepEventBase {
  readonly type: 'step.start';
  readonly kind: 'operation' | 'workflow';
  /** For operation steps, `METHOD path` of the operation. */
  readonly operation?: string;
}

export interface RequestEvent extends StepEventBase {
  readonly type: 'request';
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, when it is text (masked); omitted for binary and multipart bodies. */
  readonly body?: string;
}

export interface ResponseEvent extends StepEventBase {
  readonly type: 'response';
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly durationMs: number;
  readonly bytes: number;
  /** The body, parsed as for `$response.body` (masked where it is text). */
  readonly body?: unknown;
}

export interface CriterionEvent extends StepEventBase {
  readonly type: 'criterion';
  /** Where the criterion stands: the step's successCriteria or an action's criteria. */
  readonly owner: 'successCriteria' | 'onSuccess' | 'onFailure';
  readonly condition: string;
  readonly passed: boolean;
  /** Why it failed, with the values seen (`$statusCode == 200: got 503`). */
  readonly explanation?: string;
}

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

export interface StepEndEvent extends StepEventBase {
  readonly type: 'step.end';
  readonly status: 'success' | 'failure';
  readonly statusCode?: number;
  readonly durationMs: number;
  /** Why the step failed. */
  readonly reason?: string;
}

export interface WorkflowEndEvent extends EventBase {
  readonly type: 'workflow.end';
  readonly workflowId: string;
  readonly depth: number;
  readonly status: 'success' | 'failure';
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
}

export interface RunEndEvent extends EventBase {
  readonly type: 'run.end';
  readonly workflowId: string;
  readonly status: 'success' | 'failure';
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
  readonly error?: { readonly message: string; readonly stepId?: string };
}

export type RunEventListener = (event: RunEvent) => void;
