import { run, type RunOptions } from '@loom/engine';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { availableParallelism } from 'node:os';
import { checkReachable, createClient, resolveLocation, type QueueLocation, type ResolvedLocation } from './connection.js';
import { cancelChannel } from './cancel-channel.js';
import { DocumentCache } from './document-cache.js';
import { isQueueError } from './queue-error.js';
import { RUN_JOB_VERSION, type RunJobData, type RunJobProgress, type RunJobResult } from './run-job.js';
import { openInputs, queueKeyFromEnv } from './sealed-inputs.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions extends QueueLocation {
  /** Runs in progress at once in this process; default: the number of cores. */
  readonly concurrency?: number;
  /** The key that opens sealed secret inputs; default `LOOM_QUEUE_KEY`. */
  readonly key?: Buffer;
  /** Limits and HTTP client of every run, as for the engine's `run`. */
  readonly run?: Pick<RunOptions, 'timeouts' | 'maxSteps' | 'maxResponseBytes' | 'httpClient' | 'maxWorkflowDepth'>;
}

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
  await checkReachable(location);
  const cache = new DocumentCache();
  const key = options.key ?? queueKeyFromEnv();
  const worker = new Worker<RunJobData, RunJobResult>(location.queueName, (job, _token, signal) => processRun(job, signal, cache, key, options.run ?? {}), {
    connection: location.connection,
    prefix: location.prefix,
    concurrency: options.concurrency ?? availableParallelism(),
  });
  worker.on('error', () => {
    // Connection errors: BullMQ reconnects; a run in hand fails on its own if it must.
  });
  const subscriber = await subscribeToCancels(location, (runId) => worker.cancelJob(runId, 'cancelled'));
  return {
    async close() {
      await worker.close();
      subscriber.disconnect();
    },
  };
}

async function processRun(job: Job<RunJobData, RunJobResult>, signal: AbortSignal | undefined, cache: DocumentCache, key: Buffer | undefined, runOptions: WorkerOptions['run'] & object): Promise<RunJobResult> {
  const data = job.data;
  if (data.version !== RUN_JOB_VERSION) throw new UnrecoverableError(`this run was queued in format ${String(data.version)}; this worker reads format ${RUN_JOB_VERSION}`);
  try {
    const loaded = await cache.get(data.document.url, data.document.sha256);
    const inputs = data.sealedInputs === undefined ? data.inputs : { ...data.inputs, ...openInputs(data.sealedInputs, key) };
    let stepsDone = 0;
    const result = await run(loaded, {
      ...runOptions,
      workflowId: data.workflowId,
      inputs,
      ...(data.servers ? { servers: data.servers } : {}),
      ...(signal ? { signal } : {}),
      maskSecrets: true,
      onEvent: (event) => {
        if (event.type === 'step.start') {
          const progress: RunJobProgress = { stepId: event.stepId, workflowId: event.workflowId, stepsDone };
          return job.updateProgress(progress);
        }
        if (event.type === 'step.end') stepsDone += 1;
        return undefined;
      },
    });
    if (signal?.aborted) throw new UnrecoverableError('cancelled');
    return {
      status: result.status,
      workflowId: result.workflowId,
      outputs: result.outputs,
      ...(result.error ? { error: result.error } : {}),
      steps: result.steps.length,
      durationMs: result.durationMs,
    };
  } catch (error) {
    if (error instanceof UnrecoverableError) throw error;
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
