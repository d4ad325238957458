import type { LoadedDocument } from '@loom/engine';
import { Queue, type Job } from 'bullmq';
import { checkReachable, resolveLocation, type QueueLocation, type ResolvedLocation } from './connection.js';
import { prepareRun, type RunRequest } from './prepare-run.js';
import { QueueError } from './queue-error.js';
import { RUN_JOB_NAME, type RunJobData, type RunJobResult } from './run-job.js';

/** Options of {@link enqueue}. */
export interface EnqueueOptions extends QueueLocation, RunRequest {
  /** Start no sooner than this many milliseconds from now. */
  readonly delayMs?: number;
  /** BullMQ priority: 1 is the highest; absent, runs are taken in order. */
  readonly priority?: number;
  /** Makes enqueueing idempotent: a run with this id that exists already is not queued again. */
  readonly runId?: string;
}

/** A run that {@link enqueue} queued, or found queued already under the same `runId`. */
export interface EnqueuedRun {
  readonly runId: string;
  readonly workflowId: string;
  /** False when a run with this id existed already (nothing was queued). */
  readonly created: boolean;
}

/**
 * Validates the document and the inputs here, then queues the run; nothing is queued when
 * either is wrong, so a bad run fails at once, not later on a worker.
 * @throws LoomError from the engine (`LOOM_ERR_READ`, `LOOM_ERR_INVALID`, `LOOM_ERR_USAGE`, `LOOM_ERR_INPUTS`),
 *   QueueError `LOOM_QUEUE_ERR_REDIS`, `LOOM_QUEUE_ERR_SECRETS`, `LOOM_QUEUE_ERR_USAGE`.
 */
export async function enqueue(document: string | LoadedDocument, options: EnqueueOptions = {}): Promise<EnqueuedRun> {
  const location = resolveLocation(options);
  checkJobOptions(options);
  const data = await prepareRun(document, options);
  await checkReachable(location);
  const queue = openQueue(location);
  try {
    if (options.runId !== undefined && (await queue.getJob(options.runId)) !== undefined) {
      return { runId: options.runId, workflowId: data.workflowId, created: false };
    }
    const job = await queue.add(RUN_JOB_NAME, data, {
      ...(options.runId !== undefined ? { jobId: options.runId } : {}),
      ...(options.delayMs !== undefined ? { delay: options.delayMs } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
    return { runId: job.id!, workflowId: data.workflowId, created: true };
  } finally {
    await queue.close();
  }
}

export function openQueue(location: ResolvedLocation) {
  const queue = new Queue<Job<RunJobData, RunJobResult>>(location.queueName, { connection: location.connection, prefix: location.prefix });
  queue.on('error', () => {
    // Connection errors surface on the command that needed the connection.
  });
  return queue;
}

function checkJobOptions(options: EnqueueOptions): void {
  if (options.delayMs !== undefined && (!Number.isFinite(options.delayMs) || options.delayMs < 0)) {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `delay must be a number of milliseconds >= 0, got ${String(options.delayMs)}`);
  }
  if (options.priority !== undefined && (!Number.isInteger(options.priority) || options.priority < 1 || options.priority > 2_097_152)) {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `priority must be a whole number from 1 (highest) to 2097152, got ${String(options.priority)}`);
  }
  // BullMQ reserves ids that are plain integers for its own counter, and ':' separates its keys.
  if (options.runId !== undefined && (!/^[A-Za-z0-9._~-]{1,200}$/.test(options.runId) || /^\d+$/.test(options.runId))) {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `a run id is 1-200 letters, digits, '.', '_', '~' or '-', and not only digits; got '${options.runId}'`);
  }
}
