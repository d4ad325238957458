import type { LoadedDocument } from '@loom/engine';
import { checkReachable, resolveLocation, type QueueLocation } from './connection.js';
import { openQueue } from './enqueue.js';
import { prepareRun, type RunRequest } from './prepare-run.js';
import { QueueError } from './queue-error.js';
import { RUN_JOB_NAME } from './run-job.js';

/** Options of {@link scheduleRuns}: exactly one of `everyMs` and `cron`. */
export interface ScheduleOptions extends QueueLocation, RunRequest {
  /** Names the schedule; scheduling again under the same id replaces it. */
  readonly scheduleId: string;
  /** A run every this many milliseconds. */
  readonly everyMs?: number;
  /** A cron expression (five or six fields, as BullMQ's cron-parser reads it). */
  readonly cron?: string;
  /** The time zone of `cron`; default UTC. */
  readonly timeZone?: string;
}

/** A schedule as `loom schedule --list` shows it. */
export interface Schedule {
  readonly scheduleId: string;
  readonly workflowId: string;
  readonly document: string;
  readonly everyMs?: number;
  readonly cron?: string;
  /** The next run's time, when BullMQ knows it. */
  readonly next?: string;
}

/**
 * Queues a run of the workflow on a schedule, on BullMQ's job schedulers: the document and
 * inputs are validated now, as for `enqueue`, and each run carries the document's hash (a run
 * of a document edited since refuses to run: schedule it again).
 */
export async function scheduleRuns(document: string | LoadedDocument, options: ScheduleOptions): Promise<Schedule> {
  const location = resolveLocation(options);
  if ((options.everyMs === undefined) === (options.cron === undefined)) throw new QueueError('LOOM_QUEUE_ERR_USAGE', 'a schedule takes exactly one of every and cron');
  if (options.everyMs !== undefined && (!Number.isInteger(options.everyMs) || options.everyMs < 1000)) {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `a schedule's interval is a whole number of milliseconds, at least 1000; got ${String(options.everyMs)}`);
  }
  if (!/^[A-Za-z0-9._~-]{1,200}$/.test(options.scheduleId)) throw new QueueError('LOOM_QUEUE_ERR_USAGE', `a schedule id is 1-200 letters, digits, '.', '_', '~' or '-'; got '${options.scheduleId}'`);
  const data = await prepareRun(document, options);
  await checkReachable(location);
  const queue = openQueue(location);
  try {
    const repeat = options.everyMs !== undefined ? { every: options.everyMs } : { pattern: options.cron!, tz: options.timeZone ?? 'UTC' };
    try {
      await queue.upsertJobScheduler(options.scheduleId, repeat, { name: RUN_JOB_NAME, data });
    } catch (error) {
      // BullMQ checks the cron expression here.
      throw new QueueError('LOOM_QUEUE_ERR_USAGE', `the schedule cannot be set: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return (await listOn(queue)).find((schedule) => schedule.scheduleId === options.scheduleId)!;
  } finally {
    await queue.close();
  }
}

export async function listSchedules(location: QueueLocation = {}): Promise<Schedule[]> {
  const resolved = resolveLocation(location);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  try {
    return await listOn(queue);
  } finally {
    await queue.close();
  }
}

/** @returns whether a schedule with that id existed. */
export async function removeSchedule(scheduleId: string, location: QueueLocation = {}): Promise<boolean> {
  const resolved = resolveLocation(location);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  try {
    return await queue.removeJobScheduler(scheduleId);
  } finally {
    await queue.close();
  }
}

async function listOn(queue: ReturnType<typeof openQueue>): Promise<Schedule[]> {
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return schedulers.map((scheduler) => {
    const data = scheduler.template?.data;
    return {
      scheduleId: scheduler.key,
      workflowId: data?.workflowId ?? '',
      document: data?.document.url ?? '',
      ...(scheduler.every ? { everyMs: Number(scheduler.every) } : {}),
      ...(scheduler.pattern ? { cron: scheduler.pattern } : {}),
      ...(scheduler.next ? { next: new Date(scheduler.next).toISOString() } : {}),
    };
  });
}
