import { QueueEvents, type Job, type JobState } from 'bullmq';
import { checkReachable, createClient, resolveLocation, type QueueLocation } from './connection.js';
import { cancelChannel } from './cancel-channel.js';
import { openQueue } from './enqueue.js';
import { QueueError } from './queue-error.js';
import type { RunJobData, RunJobProgress, RunJobResult } from './run-job.js';

export type RunState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'cancelled' | 'unknown';

/** A queued run as `loom status` shows it; secrets are never in it (sealed or masked). */
export interface QueuedRun {
  readonly runId: string;
  readonly state: RunState;
  readonly workflowId: string;
  readonly document: string;
  /** While active: the step in flight. */
  readonly progress?: RunJobProgress;
  /** Once completed: how the workflow ended. */
  readonly result?: RunJobResult;
  /** Once failed: why the run could not be carried out (not a workflow failure: that is a completed run with `result.status` failure). */
  readonly failure?: string;
  readonly attempts: number;
  readonly queuedAt: string;
  readonly finishedAt?: string;
}

/** @throws QueueError `LOOM_QUEUE_ERR_NOT_FOUND`, `LOOM_QUEUE_ERR_REDIS`. */
export async function getRun(runId: string, location: QueueLocation = {}): Promise<QueuedRun> {
  const resolved = resolveLocation(location);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  try {
    const job = await queue.getJob(runId);
    if (!job) throw new QueueError('LOOM_QUEUE_ERR_NOT_FOUND', `no run '${runId}' in queue ${resolved.queueName} at ${resolved.displayUrl}`);
    return await describeCurrent(queue, job);
  } finally {
    await queue.close();
  }
}

/** Options of {@link listRuns}. */
export interface ListRunsOptions extends QueueLocation {
  /** Only runs queued at or after this time. */
  readonly since?: Date;
  readonly states?: readonly RunState[];
  /** At most this many, newest first; default 100. */
  readonly limit?: number;
}

export async function listRuns(options: ListRunsOptions = {}): Promise<QueuedRun[]> {
  const resolved = resolveLocation(options);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  const limit = options.limit ?? 100;
  const wanted = options.states ?? ['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled'];
  const bullStates = [...new Set(wanted.map((state) => (state === 'cancelled' ? 'failed' : state)).filter((state) => state !== 'unknown'))] as JobState[];
  try {
    const jobs = await queue.getJobs(bullStates, 0, Math.max(0, limit * 2 - 1));
    const runs: QueuedRun[] = [];
    for (const job of jobs) {
      const run = await describeCurrent(queue, job);
      if (options.since && job.timestamp < options.since.getTime()) continue;
      if (!wanted.includes(run.state)) continue;
      runs.push(run);
    }
    return runs.sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)).slice(0, limit);
  } finally {
    await queue.close();
  }
}

/**
 * Cancels a run: a waiting or delayed run is removed; an active run is cancelled on the worker
 * that holds it (its HTTP request is aborted and the run ends as cancelled).
 * @returns the state the run was in.
 */
export async function cancelRun(runId: string, location: QueueLocation = {}): Promise<RunState> {
  const resolved = resolveLocation(location);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  try {
    const job = await queue.getJob(runId);
    if (!job) throw new QueueError('LOOM_QUEUE_ERR_NOT_FOUND', `no run '${runId}' in queue ${resolved.queueName} at ${resolved.displayUrl}`);
    const state = stateOf(job, await job.getState());
    if (state === 'waiting' || state === 'delayed') await job.remove();
    else if (state === 'active') {
      const publisher = createClient(resolved);
      try {
        await publisher.publish(cancelChannel(resolved), runId);
      } finally {
        publisher.disconnect();
      }
    }
    return state;
  } finally {
    await queue.close();
  }
}

/** Options of {@link waitForRun}. */
export interface WaitOptions extends QueueLocation {
  /** Stop waiting after this long (the run goes on; only the wait ends); default: no limit. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Waits until the run has finished (completed, failed or cancelled) and returns it; a delayed or
 * suspended run is waited for too. Resolves with the run as it stands when `signal` aborts or
 * `timeoutMs` passes.
 */
export async function waitForRun(runId: string, options: WaitOptions = {}): Promise<QueuedRun> {
  const resolved = resolveLocation(options);
  await checkReachable(resolved);
  const queue = openQueue(resolved);
  const events = new QueueEvents(resolved.queueName, { connection: resolved.connection, prefix: resolved.prefix });
  events.on('error', () => {
    // The wait below ends on its own bound.
  });
  try {
    await events.waitUntilReady();
    const job = await queue.getJob(runId);
    if (!job) throw new QueueError('LOOM_QUEUE_ERR_NOT_FOUND', `no run '${runId}' in queue ${resolved.queueName} at ${resolved.displayUrl}`);
    let timer: NodeJS.Timeout | undefined;
    const stop = new Promise<void>((resolve) => {
      if (options.timeoutMs !== undefined) timer = setTimeout(resolve, options.timeoutMs);
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      if (options.signal?.aborted) resolve();
    });
    const finished = job.waitUntilFinished(events).then(
      () => undefined,
      () => undefined,
    );
    await Promise.race([finished, stop]);
    clearTimeout(timer);
    const latest = await queue.getJob(runId);
    return latest ? await describeCurrent(queue, latest) : describeJob(job, 'unknown');
  } finally {
    await events.close();
    await queue.close();
  }
}

/**
 * A job read before its state: a run that finished in between would show as completed without its result.
 * A finished state is final, so the job read again holds the result that goes with it.
 */
export async function describeCurrent(queue: ReturnType<typeof openQueue>, job: Job<RunJobData, RunJobResult>): Promise<QueuedRun> {
  const state = await job.getState();
  if ((state === 'completed' || state === 'failed') && job.finishedOn === undefined) {
    const finished = await queue.getJob(job.id!);
    if (finished) return describeJob(finished, state);
  }
  return describeJob(job, state);
}

function describeJob(job: Job<RunJobData, RunJobResult>, state: JobState | 'unknown'): QueuedRun {
  // In the job's data since the step in flight is written with its checkpoint; BullMQ's own progress field for runs
  // a worker of an earlier version carries out.
  const progress = job.data.progress ?? (typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as RunJobProgress) : undefined);
  const runState = stateOf(job, state);
  return {
    runId: job.id!,
    state: runState,
    workflowId: job.data.workflowId,
    document: job.data.document.url,
    ...(runState === 'active' && progress ? { progress } : {}),
    ...(runState === 'completed' && job.returnvalue ? { result: job.returnvalue } : {}),
    ...((runState === 'failed' || runState === 'cancelled') && job.failedReason ? { failure: job.failedReason } : {}),
    attempts: job.attemptsMade,
    queuedAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
  };
}

function stateOf(job: Job, state: JobState | 'unknown'): RunState {
  if (state === 'failed' && job.failedReason === 'cancelled') return 'cancelled';
  if (state === 'prioritized' || state === 'waiting-children') return 'waiting';
  return state === 'waiting' || state === 'delayed' || state === 'active' || state === 'completed' || state === 'failed' ? state : 'unknown';
}
