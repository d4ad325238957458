import type { RunEvent, RunEventListener } from '../events/types.js';
import type { WorkflowContext, WorkflowPlan } from './plan.js';
import type { SecretRegistry } from './secrets.js';
import type { MessageSession } from './message-session.js';
import type { HttpClient } from '../http/send.js';
import type { SendOptions } from '../http/types.js';
import type { CredentialStore } from '../credentials/credential-store.js';

import type { DurableRunOptions, RunCheckpoint } from './checkpoint.js';


/** One entry per step execution, in the order they ran (a retried step is one entry with its attempts). */
export interface StepRecord {
  readonly stepId: string;
  readonly workflowId: string;
  readonly status: 'success' | 'failure';
  readonly attempts: number;
  readonly statusCode?: number;
  readonly durationMs: number;
  /** Why the step failed (criteria that did not hold with the values seen, or the transport error). */
  readonly reason?: string;
  /** An asynchronous step: what it did on which channel (absent when the channel address could not be made). */
  readonly message?: { readonly action: 'send' | 'receive'; readonly channel: string };
}

/** The settled options of one run. */
export interface RunSettings {
  readonly maxSteps: number;
  /** DECISIONS D28: workflows nested deeper than this stop the run. */
  readonly maxWorkflowDepth: number;
  readonly requestTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxResponseBytes: number;
  /** sourceName -> server URL, overriding the OpenAPI servers (DECISIONS D18). */
  readonly servers: Readonly<Record<string, string>>;
  /** Absent when the run can be neither cancelled nor timed out: no listener per request then. */
  readonly signal?: AbortSignal;
}

/** Everything one run owns. Nothing here is shared between runs, so runs can go at once in one process. */
export interface RunState {
  readonly settings: RunSettings;
  readonly started: number;
  stepsExecuted: number;
  readonly records: StepRecord[];
  /** The workflows running now, outermost first (a run executes one workflow at a time). */
  readonly nesting: string[];
  /**
   * Set when a limit that no failure action can undo was reached (DECISIONS D28): every step
   * from then on fails at once with this message, and callers pass it on unchanged.
   */
  stopped: string | undefined;
  /**
   * DECISIONS D98: the steps that succeeded in the latest execution of each workflow in this run, for
   * step `dependsOn`; a workflow's set starts empty each time it runs.
   */
  readonly succeededSteps: Map<WorkflowPlan, Set<string>>;
  /** Workflows completed in this run (DECISIONS D15: a dependency runs once). */
  readonly completed: Map<WorkflowPlan, 'success' | 'failure'>;
  /** `$workflows.<id>.inputs|outputs` as the run goes. */
  readonly workflows: WorkflowContext['workflows'];
  /** Present only when someone listens; events are masked before they reach it (DECISIONS D21). */
  readonly emit: ((event: RunEvent) => void) | undefined;
  /**
   * What every request of the run is sent with: built once, and replaced only while an attempt at a step
   * with a `timeout` runs (DECISIONS D96, step-deadline.ts).
   */
  sendOptions: SendOptions;
  /**
   * What requests, retry delays and nested steps listen to: the run's signal (`settings.signal`), joined
   * while a step with a `timeout` runs by that step's deadline (DECISIONS D96).
   */
  signal: AbortSignal | undefined;
  /** The run's broker connections and inbox; present only when the run may execute an asynchronous step (DECISIONS D27). */
  readonly messages?: MessageSession;
  /** Sends the run's requests (a pooled client, shared across runs unless the caller gives one). */
  readonly client: HttpClient;
  /** Secret values seen so far in this run: secret inputs and secret header values (DECISIONS D21). */
  readonly secrets: SecretRegistry;
  /**
   * DECISIONS D32: whether requests and responses add what masking hides in them to `secrets`;
   * only when something is masked (masked events or a masked result), so a run whose values
   * nobody shows does no extra work per request.
   */
  readonly collectSecrets: boolean;
  /** DECISIONS D10: outputs that could not be resolved, left out of the outputs and reported here. */
  readonly warnings: string[];
  /** DECISIONS D75: the run's credentials (the `credentials` option, then `credentialEnvironment`). */
  readonly credentials: CredentialStore;
  /** DECISIONS D90: present for a durable run (checkpoints, resume, suspension). */
  readonly durable?: DurableState;
}

/** A durable run's hooks and where it stands (DECISIONS D90). */
export interface DurableState {
  readonly onCheckpoint: DurableRunOptions['onCheckpoint'];
  readonly suspendDelaysOverMs: number;
  /** The checkpoint to continue from; taken by the run's own workflow when it starts. */
  resume: RunCheckpoint | undefined;
  /** Set when the run suspended: the time (ms since the epoch) its retry may run. */
  suspendedUntil: number | undefined;

}

export function elapsed(state: RunState): number {
  return performance.now() - state.started;
}

export type { RunEventListener };
