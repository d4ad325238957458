import { loadDocument, type LoadOptions } from '@loom/engine';
import { checkRunInputs } from '@loom/engine/internal';
import { Queue, type Job } from 'bullmq';
import { checkReachable, resolveLocation, type QueueLocation, type ResolvedLocation } from './connection.js';
import { contentHash } from './document-cache.js';
import { QueueError } from './queue-error.js';
import { RUN_JOB_NAME, RUN_JOB_VERSION, type RunJobData, type RunJobResult } from './run-job.js';
import { queueKeyFromEnv, sealValue } from './sealed-values.js';

/** Options of {@link enqueue}. */
export interface EnqueueOptions extends QueueLocation {
  /** May be left out when the document has one workflow. */
  readonly workflowId?: string;
  readonly inputs?: Record<string, unknown>;
  /** By source name, the server URL that replaces its OpenAPI servers. */
  readonly servers?: Record<string, string>;
  /** Start no sooner than this many milliseconds from now. */
  readonly delayMs?: number;
  /** BullMQ priority: 1 is the highest; absent, runs are taken in order. */
  readonly priority?: number;
  /** Makes enqueueing idempotent: a run with this id that exists already is not queued again. */
  readonly runId?: string;
  /** The key that seals secret inputs; default `LOOM_QUEUE_KEY`. */
  readonly key?: Buffer;
  /** How the document is read here (base folder, offline, allowed hosts). */
  readonly load?: Pick<LoadOptions, 'cwd' | 'offline' | 'allowHosts' | 'timeoutMs'>;
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
export async function enqueue(document: string, options: EnqueueOptions = {}): Promise<EnqueuedRun> {
  const location = resolveLocation(options);
  checkJobOptions(options);
  const loaded = await loadDocument(document, options.load ?? {});
  const checked = await checkRunInputs(loaded, { ...(options.workflowId !== undefined ? { workflowId: options.workflowId } : {}), inputs: options.inputs ?? {} });
  const secretNames = new Set(checked.secretInputNames);
  const inputs: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(checked.inputs)) (secretNames.has(name) ? secrets : inputs)[name] = value;
  const key = options.key ?? queueKeyFromEnv();
  if (secretNames.size > 0 && key === undefined) {
    throw new QueueError(
      'LOOM_QUEUE_ERR_SECRETS',
      `workflow ${checked.workflowId} has secret inputs (${[...secretNames].join(', ')}); Loom never stores them in Redis in clear: set LOOM_QUEUE_KEY (32 bytes, e.g. openssl rand -hex 32) here and on the workers to queue them sealed`,
    );
  }
  const data: RunJobData = {
    version: RUN_JOB_VERSION,
    document: { url: loaded.url, sha256: contentHash(loaded.parsed.text) },
    workflowId: checked.workflowId,
    inputs,
    ...(secretNames.size > 0 ? { sealedInputs: sealValue(secrets, key!) } : {}),
    ...(options.servers ? { servers: options.servers } : {}),
  };
  await checkReachable(location);
  const queue = openQueue(location);
  try {
    if (options.runId !== undefined && (await queue.getJob(options.runId)) !== undefined) {
      return { runId: options.runId, workflowId: checked.workflowId, created: false };
    }
    const job = await queue.add(RUN_JOB_NAME, data, {
      ...(options.runId !== undefined ? { jobId: options.runId } : {}),
      ...(options.delayMs !== undefined ? { delay: options.delayMs } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
    return { runId: job.id!, workflowId: checked.workflowId, created: true };
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
