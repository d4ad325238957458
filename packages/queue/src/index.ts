/**
 * @loom/queue: Arazzo workflow runs as durable jobs on BullMQ and Redis.
 * @packageDocumentation
 */
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL, type QueueLocation } from './connection.js';
export { enqueue, type EnqueueOptions, type EnqueuedRun } from './enqueue.js';
export { createWorker, type LoomWorker, type WorkerOptions } from './worker.js';
export { cancelRun, getRun, listRuns, type ListRunsOptions, type QueuedRun, type RunState } from './runs.js';
export type { RunJobProgress, RunJobResult } from './run-job.js';
export { QueueError, isQueueError, type QueueErrorCode } from './queue-error.js';
