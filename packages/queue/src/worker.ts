import { createHttpClient, run, type RunCheckpoint, type RunOptions } from '@loom/engine';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { availableParallelism } from 'node:os';
import { checkReachable, createClient, resolveLocation, type QueueLocation, type ResolvedLocation } from './connection.js';
import { cancelChannel } from './cancel-channel.js';
import { DocumentCache } from './document-cache.js';
import { isQueueError } from './queue-error.js';
import { RUN_JOB_VERSION, type RunJobData, type RunJobResult } from './run-job.js';
import { openValue, queueKeyFromEnv, sealValue } from './sealed-values.js';
import { checkRateLimits, openRateGate, type RateGate, type RateLimits } from './rate-limits.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions extends QueueLocation {
  /** Runs in progress at once in this process; default: the number of cores. */
  readonly concurrency?: number;
  /** The key that opens sealed secret inputs; default `LOOM_QUEUE_KEY`. */
  readonly key?: Buffer;
  /**
   * Limits, HTTP client and credentials of every run, as for the engine's `run`. Credentials stay with the
   * worker (its environment or credentials file): they are never queued.
   */
  readonly run?: Pick<RunOptions, 'timeouts' | 'maxSteps' | 'maxResponseBytes' | 'httpClient' | 'maxWorkflowDepth' | 'credentials' | 'credentialEnvironment'>;
  /** A retry delay longer than this becomes a delayed job instead of a sleeping worker (DECISIONS D91); default 5 s. */
  readonly suspendDelaysOverMs?: number;
  /**
   * How long a worker holds a run without renewing its lock before other workers take the run over
   * (BullMQ's lockDuration and stalledInterval); default 30 s. A crashed worker's runs resume elsewhere after it.
   */
  readonly takeOverAfterMs?: number;
  /**
   * Requests per second by source description name, fleet-wide: every worker sharing the Redis together
   * (DECISIONS D93), e.g. `{ meteringApi: { perSecond: 50 } }`. The limit is stored in Redis; give every worker the same.
   */
  readonly rateLimits?: RateLimits;
  /**
   * How long finished runs are kept in Redis for `getRun` and `listRuns` (DECISIONS D61); default
   * {@link DEFAULT_RETENTION}. Applied by the worker that finishes a run: give every worker the same.
   */
  readonly retention?: RunRetention;
  /** Told of each run this worker finishes (`loom worker` prints a line). */
  readonly onRunFinished?: (run: FinishedRun) => void;
}

/** How long finished runs stay in Redis: at most `count` of them, none older than `ageSeconds`. */
export interface RunRetention {
  readonly completed?: { readonly ageSeconds?: number; readonly count?: number };
  readonly failed?: { readonly ageSeconds?: number; readonly count?: number };
}

/** Defaults of `WorkerOptions.retention`: completed runs a day (at most 100,000), failed runs a week. */
export const DEFAULT_RETENTION = {
  completed: { ageSeconds: 24 * 3600, count: 100_000 },
  failed: { ageSeconds: 7 * 24 * 3600, count: 100_000 },
} as const;

/** A run a worker finished: how its workflow ended, or why it could not be carried out. */
export interface FinishedRun {
  readonly runId: string;
  readonly workflowId: string;
  readonly status: 'success' | 'failure' | 'cancelled' | 'error';
  readonly durationMs?: number;
  readonly message?: string;
}

/** The default of `WorkerOptions.suspendDelaysOverMs`. */
export const DEFAULT_SUSPEND_DELAYS_OVER_MS = 5_000;
/** The default of `WorkerOptions.takeOverAfterMs`. */
export const DEFAULT_TAKE_OVER_AFTER_MS = 30_000;
/** How many times a run may be taken over from a worker that stopped answering before it fails (a run that crashes every worker). */
export const MAX_TAKE_OVERS = 10;

/** A worker processing queued runs until it is closed. */
export interface LoomWorker {
  /** Stops taking runs, lets the runs in hand finish, then disconnects (SIGTERM's drain). */
  close(): Promise<void>;
}

/**
 * Processes queued runs with @loom/engine. Many workers in many processes and machines can
 * share one Redis; each document is loaded and compiled once per worker (document-cache.ts).
 * @throws QueueError `LOOM_QUEUE_ERR_REDIS` when Redis cannot be reached at start.
 */
export async function createWorker(options: WorkerOptions = {}): Promise<LoomWorker> {
  const location = resolveLocation(options);
  const rateLimits = options.rateLimits ?? {};
  checkRateLimits(rateLimits);
  await checkReachable(location);
  const cache = new DocumentCache();
  const key = options.key ?? queueKeyFromEnv();
  const limited = await limitedClient(location, rateLimits, options.run?.httpClient);
  const runOptions = limited ? { ...options.run, httpClient: limited.client } : (options.run ?? {});
  const settings: RunSettings = { run: runOptions, key, suspendDelaysOverMs: options.suspendDelaysOverMs ?? DEFAULT_SUSPEND_DELAYS_OVER_MS };
  const takeOverAfterMs = options.takeOverAfterMs ?? DEFAULT_TAKE_OVER_AFTER_MS;
  const worker = new Worker<RunJobData, RunJobResult>(location.queueName, (job, token, signal) => processRun(job, token, signal, cache, settings), {
    connection: location.connection,
    prefix: location.prefix,
    concurrency: options.concurrency ?? availableParallelism(),
    lockDuration: takeOverAfterMs,
    stalledInterval: takeOverAfterMs,
    maxStalledCount: MAX_TAKE_OVERS,
    removeOnComplete: keep(options.retention?.completed, DEFAULT_RETENTION.completed),
    removeOnFail: keep(options.retention?.failed, DEFAULT_RETENTION.failed),
  });
  const onRunFinished = options.onRunFinished;
  if (onRunFinished) {
    worker.on('completed', (job, result) => onRunFinished({ runId: job.id!, workflowId: job.data.workflowId, status: result.status, durationMs: result.durationMs, ...(result.error ? { message: result.error.message } : {}) }));
    worker.on('failed', (job, error) => {
      if (!job) return;
      onRunFinished({ runId: job.id!, workflowId: job.data.workflowId, status: error.message === 'cancelled' ? 'cancelled' : 'error', message: error.message });
    });
  }
  worker.on('error', () => {
    // Connection errors: BullMQ reconnects; a run in hand fails on its own if it must.
  });
  const subscriber = await subscribeToCancels(location, (runId) => worker.cancelJob(runId, 'cancelled'));
  return {
    async close() {
      await worker.close();
      subscriber.disconnect();
      await limited?.close();
    },
  };
}

interface RunSettings {
  readonly run: NonNullable<WorkerOptions['run']>;
  readonly key: Buffer | undefined;
  readonly suspendDelaysOverMs: number;
}

async function processRun(job: Job<RunJobData, RunJobResult>, token: string | undefined, signal: AbortSignal | undefined, cache: DocumentCache, settings: RunSettings): Promise<RunJobResult> {
  const data = job.data;
  if (data.version !== RUN_JOB_VERSION) throw new UnrecoverableError(`this run was queued in format ${String(data.version)}; this worker reads format ${RUN_JOB_VERSION}`);
  const { key } = settings;
  try {
    const loaded = await cache.get(data.document.url, data.document.sha256);
    const inputs = data.sealedInputs === undefined ? data.inputs : { ...data.inputs, ...(openValue(data.sealedInputs, key) as Record<string, unknown>) };
    // A run with secret inputs keeps its checkpoints sealed too: its step outputs may hold what the secrets bought.
    const sealed = data.sealedInputs !== undefined;
    const resumeFrom = data.checkpoint === undefined ? undefined : typeof data.checkpoint === 'string' ? (openValue(data.checkpoint, key) as RunCheckpoint) : data.checkpoint;
    let stepsDone = resumeFrom?.records.length ?? 0;
    // The job's data as last written: a checkpoint and the step in flight go to Redis in one write.
    let stored: RunJobData = data;
    const store = (changes: Partial<RunJobData>) => {
      stored = { ...stored, ...changes };
      return job.updateData(stored);
    };
    const result = await run(loaded, {
      ...settings.run,
      durable: {
        // DECISIONS D90: stored before the next step sends anything, so only the step in flight can be sent twice.
        // The step the checkpoint names next is the one in flight from now on: one write for both, not two per step.
        onCheckpoint: (checkpoint) =>
          store({
            checkpoint: sealed ? sealValue(checkpoint, key!) : checkpoint,
            ...(checkpoint.next.stepId !== undefined ? { progress: { stepId: checkpoint.next.stepId, workflowId: checkpoint.workflowId, stepsDone } } : {}),
          }),
        ...(resumeFrom ? { resumeFrom } : {}),
        suspendDelaysOverMs: settings.suspendDelaysOverMs,
      },
      workflowId: data.workflowId,
      inputs,
      ...(data.servers ? { servers: data.servers } : {}),
      ...(signal ? { signal } : {}),
      maskSecrets: true,
      onEvent: (event) => {
        if (event.type === 'step.start') {
          // Written already with the checkpoint that named this step next; else (a run's first step, a nested
          // workflow's steps) a write of its own, which the engine does not wait for.
          const { progress } = stored;
          if (progress?.stepId === event.stepId && progress.workflowId === event.workflowId) return undefined;
          return store({ progress: { stepId: event.stepId, workflowId: event.workflowId, stepsDone } });
        }
        if (event.type === 'step.end') stepsDone += 1;
        return undefined;
      },
    });
    if (signal?.aborted) throw new UnrecoverableError('cancelled');
    if (result.status === 'suspended') {
      // DECISIONS D91: the retry waits as a delayed job, not as a sleeping worker; any worker resumes it.
      await job.moveToDelayed(result.resumeAt ?? Date.now(), token);
      throw new DelayedError();
    }
    return {
      status: result.status,
      workflowId: result.workflowId,
      outputs: result.outputs,
      ...(result.error ? { error: result.error } : {}),
      steps: result.steps.length,
      durationMs: result.durationMs,
    };
  } catch (error) {
    if (error instanceof UnrecoverableError || error instanceof DelayedError) throw error;
    // The document, its inputs or its secrets: retrying on another worker would fail the same way.
    if (signal?.aborted) throw new UnrecoverableError('cancelled');
    if (isQueueError(error) || (error instanceof Error && error.name === 'LoomError')) throw new UnrecoverableError(error.message);
    throw error;
  }
}

async function subscribeToCancels(location: ResolvedLocation, cancel: (runId: string) => void) {
  const subscriber = createClient(location);
  await subscriber.subscribe(cancelChannel(location));
  subscriber.on('message', (_channel: string, runId: string) => cancel(runId));
  return subscriber;
}

function keep(given: RunRetention['completed'], fallback: { readonly ageSeconds: number; readonly count: number }) {
  return { age: given?.ageSeconds ?? fallback.ageSeconds, count: given?.count ?? fallback.count };
}

/**
 * DECISIONS D93: with rate limits, requests go through a permit per request to a limited source; without,
 * the runs' client is untouched (no extra work per request).
 */
async function limitedClient(location: ResolvedLocation, limits: RateLimits, given: RunOptions['httpClient']) {
  if (Object.keys(limits).length === 0) return undefined;
  const gate: RateGate = await openRateGate(location, limits);
  const own = given ? undefined : createHttpClient();
  const client = gate.wrap(given ?? own!);
  return {
    client,
    async close() {
      await gate.close();
      await own?.close();
    },
  };
}
