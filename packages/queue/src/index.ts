/**
 * @loom/queue: Arazzo workflow runs as durable jobs on BullMQ and Redis.
 * @packageDocumentation
 */
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL, withoutPassword as displayRedisUrl, type QueueLocation } from './connection.js';
export { createQueueClient, enqueue, type EnqueueOptions, type EnqueuedRun, type QueueClient, type ClientEnqueueOptions } from './enqueue.js';
export {
  createWorker,
  DEFAULT_RETENTION,
  DEFAULT_SUSPEND_DELAYS_OVER_MS,
  DEFAULT_TAKE_OVER_AFTER_MS,
  type FinishedRun,
  type LoomWorker,
  type RunRetention,
  type WorkerOptions,
} from './worker.js';
export type { RunRequest } from './prepare-run.js';
export type { RateLimit, RateLimits } from './rate-limits.js';
export { listSchedules, removeSchedule, scheduleRuns, type Schedule, type ScheduleOptions } from './schedules.js';
export { cancelRun, getRun, listRuns, waitForRun, type ListRunsOptions, type QueuedRun, type RunState, type WaitOptions } from './runs.js';
export type { RunJobProgress, RunJobResult } from './run-job.js';
export { QueueError, isQueueError, type QueueErrorCode } from './queue-error.js';
export { parseKey as parseQueueKey } from './sealed-values.js';
