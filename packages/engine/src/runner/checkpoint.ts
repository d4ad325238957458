/**
 * DECISIONS D90: durable runs. After each step of the run's own workflow completes, the run hands
 * its caller a checkpoint (plain JSON): where it stands and what it has produced. A run started
 * with `resumeFrom` continues from there, so a queue can move a run to another process and only
 * the step that was in flight is sent again. Nested workflows (workflow steps, dependencies, goto
 * targets) are inside one step of the run's own workflow: interrupted, that step runs again whole.
 * A retry delay longer than `suspendDelaysOverMs` ends the run as `suspended` with a checkpoint
 * that resumes the retry at `resumeAt`, instead of holding a process asleep.
 */
import { isRecord } from '@loom/expressions/internal';
import { LoomError } from '../errors.js';
import type { StepRecord } from './run-state.js';

export const CHECKPOINT_VERSION = 1;

/** Where a run stands and what it has produced; plain JSON. Holds step outputs: store it as carefully as the run's inputs. */
export interface RunCheckpoint {
  /** The checkpoint format; a run refuses one of another version. */
  readonly version: 1;
  readonly workflowId: string;
  /** The next step of the run's own workflow to run (its index, and its id as a check against a different document). */
  readonly next: { readonly stepIndex: number; readonly stepId: string | undefined };
  /** Present when the next step is a retry that was suspended: its attempt, the retries each failure action has used, and when it may run. */
  readonly retry?: { readonly attempt: number; readonly retriesUsed: readonly number[]; readonly resumeAt: number };
  /** `$steps.<id>.outputs` of the run's own workflow so far. */
  readonly steps: Readonly<Record<string, { readonly outputs: Record<string, unknown> }>>;
  /** `$workflows.<id>` so far. */
  readonly workflows: Readonly<Record<string, unknown>>;
  /** Workflows that completed (dependencies run once, DECISIONS D15). */
  readonly completedWorkflows: Readonly<Record<string, 'success' | 'failure'>>;
  readonly stepsExecuted: number;
  readonly records: readonly StepRecord[];
  readonly warnings: readonly string[];
  /** Run time used before this checkpoint, added to the resumed run's duration. */
  readonly elapsedMs: number;
}

/** Options of a durable run (`RunOptions.durable`). */
export interface DurableRunOptions {
  /** Called after each step of the run's own workflow; the run waits for it, so a checkpoint is stored before the next request. */
  readonly onCheckpoint: (checkpoint: RunCheckpoint) => void | Promise<void>;
  /** A checkpoint of an earlier run of the same workflow, document and inputs to continue from. */
  readonly resumeFrom?: RunCheckpoint;
  /** A retry delay of the run's own workflow longer than this suspends the run (default: never). */
  readonly suspendDelaysOverMs?: number;
}

/**
 * Checks a checkpoint that came back from storage (which may hold anything) against the workflow
 * it is to resume. @throws LoomError `LOOM_ERR_USAGE` when it cannot be resumed here.
 */
export function checkCheckpoint(value: unknown, workflowId: string, stepIds: readonly string[]): RunCheckpoint {
  const problem = (reason: string) => new LoomError('LOOM_ERR_USAGE', `the checkpoint cannot be resumed: ${reason}`);
  if (!isRecord(value) || value['version'] !== CHECKPOINT_VERSION) throw problem(`it is not a version ${CHECKPOINT_VERSION} checkpoint`);
  if (value['workflowId'] !== workflowId) throw problem(`it is of workflow ${String(value['workflowId'])}, not ${workflowId}`);
  const next = value['next'];
  if (!isRecord(next) || !Number.isInteger(next['stepIndex']) || (next['stepIndex'] as number) < 0 || (next['stepIndex'] as number) > stepIds.length) throw problem('its next step is not a step of the workflow');
  if (next['stepId'] !== stepIds[next['stepIndex'] as number]) throw problem(`its next step ${String(next['stepId'])} is not the workflow's step ${next['stepIndex'] as number}: the document changed`);
  for (const field of ['steps', 'workflows', 'completedWorkflows'] as const) if (!isRecord(value[field])) throw problem(`${field} is not an object`);
  if (!Array.isArray(value['records']) || !Array.isArray(value['warnings'])) throw problem('records or warnings are not lists');
  if (!Number.isInteger(value['stepsExecuted']) || typeof value['elapsedMs'] !== 'number') throw problem('its counters are not numbers');
  const retry = value['retry'];
  if (retry !== undefined && (!isRecord(retry) || !Number.isInteger(retry['attempt']) || !Array.isArray(retry['retriesUsed']) || typeof retry['resumeAt'] !== 'number')) throw problem('its retry is malformed');
  return value as unknown as RunCheckpoint;
}
