import type { RunCheckpoint } from '@loom/engine';

/** What a queued run stores in Redis, and what it ends with. Versioned: a worker refuses a shape it does not know. */

export const RUN_JOB_VERSION = 1;
/** The BullMQ job name of a workflow run. */
export const RUN_JOB_NAME = 'run';

export interface RunJobData {
  readonly version: typeof RUN_JOB_VERSION;
  /** Where workers load the document from (an absolute file: or https: URL) and the SHA-256 of its text when queued. */
  readonly document: { readonly url: string; readonly sha256: string };
  readonly workflowId: string;
  /** The inputs that hold no secret, in clear. */
  readonly inputs: Record<string, unknown>;
  /** The inputs that hold a secret, encrypted for the workers (sealed-inputs.ts); absent when there are none. */
  readonly sealedInputs?: string;
  /** By source name, the server URL that replaces its OpenAPI servers (`--server`). */
  readonly servers?: Record<string, string>;
  /** The last checkpoint (DECISIONS D90), sealed like the inputs when the run has secret inputs. */
  readonly checkpoint?: RunCheckpoint | string;
  /** The step in flight, written with the checkpoint before it (one Redis write a step); never secret. */
  readonly progress?: RunJobProgress;
}

/** A finished run as a job's return value; secrets masked (D21). */
export interface RunJobResult {
  readonly status: 'success' | 'failure';
  readonly workflowId: string;
  readonly outputs: Record<string, unknown>;
  readonly error?: { readonly message: string; readonly stepId?: string; readonly workflowId?: string };
  readonly steps: number;
  readonly durationMs: number;
}

/** A running job's progress: the step in flight. */
export interface RunJobProgress {
  readonly stepId: string;
  readonly workflowId: string;
  readonly stepsDone: number;
}
