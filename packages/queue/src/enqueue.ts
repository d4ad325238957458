import type { LoadedDocument } from '@loom/engine';
import { Queue, type Job } from 'bullmq';
import { checkReachable, resolveLocation, type QueueLocation, type ResolvedLocation } from './connection.js';
import { prepareRun, type RunRequest } from './prepare-run.js';
import { QueueError } from './queue-error.js';
import { RUN_JOB_NAME, type RunJobData, type RunJobResult } from './run-job.js';

/** Options of {@link enqueue}. */
export interface EnqueueOptions extends QueueLocation, ClientEnqueueOptions {}

/** What one run asks of {@link QueueClient.enqueue}: the run, and when and under which id it is queued. */
export interface ClientEnqueueOptions extends RunRequest {
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
 * Queues many runs on one queue over one Redis connection, opened by {@link createQueueClient} and
 * held until {@link QueueClient.close}: an embedder queuing thousands of runs pays the connection once.
 */
export interface QueueClient {
  /** As {@link enqueue}, on this client's queue and connection. */
  enqueue(document: string | LoadedDocument, options?: ClientEnqueueOptions): Promise<EnqueuedRun>;
  /** Closes the connection; await the `enqueue` calls in flight first. An `enqueue` after it is rejected. */
  close(): Promise<void>;
}

/**
 * Opens one connection to the queue for many {@link QueueClient.enqueue} calls; close it when done.
 * @throws QueueError `LOOM_QUEUE_ERR_REDIS` when Redis cannot be reached, `LOOM_QUEUE_ERR_USAGE` for a bad URL.
 */
export async function createQueueClient(location: QueueLocation = {}): Promise<QueueClient> {
  const resolved = resolveLocation(location);
  // One check when the client opens; afterwards the queue's connection reports its own errors.
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  return {
    enqueue: (document, options = {}) => addRun(queue, document, options),
    close: () => queue.close(),
  };
}

/**
 * Validates the document and the inputs here, then queues the run; nothing is queued when
 * either is wrong, so a bad run fails at once, not later on a worker. Opens and closes its own
 * connection: to queue many runs, use {@link createQueueClient}.
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
    return await addPrepared(queue, data, options);
  } finally {
    await queue.close();
  }
}

type RunQueue = ReturnType<typeof openQueue>;

async function addRun(queue: RunQueue, document: string | LoadedDocument, options: ClientEnqueueOptions): Promise<EnqueuedRun> {
  checkJobOptions(options);
  return addPrepared(queue, await prepareRun(document, options), options);
}

async function addPrepared(queue: RunQueue, data: RunJobData, options: ClientEnqueueOptions): Promise<EnqueuedRun> {
  if (options.runId !== undefined && (await queue.getJob(options.runId)) !== undefined) {
    return { runId: options.runId, workflowId: data.workflowId, created: false };
  }
  const job = await queue.add(RUN_JOB_NAME, data, {
    ...(options.runId !== undefined ? { jobId: options.runId } : {}),
    ...(options.delayMs !== undefined ? { delay: options.delayMs } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
  });
  return { runId: job.id!, workflowId: data.workflowId, created: true };
}

export function openQueue(location: ResolvedLocation) {
  const queue = new Queue<Job<RunJobData, RunJobResult>>(location.queueName, { connection: location.connection, prefix: location.prefix });
  queue.on('error', () => {
    // Connection errors surface on the command that needed the connection.
  });
  return queue;
}

function checkJobOptions(options: ClientEnqueueOptions): void {
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
