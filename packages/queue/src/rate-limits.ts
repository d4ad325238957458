/**
 * Rate limits per source description (DECISIONS D93), kept by BullMQ's limiter, not by a throttle of
 * Loom's own. Each limited source has a permit queue `<queue>.rate.<source>` whose global rate limit
 * (BullMQ's `setGlobalRateLimit`, stored in Redis) every worker sharing the Redis obeys. A request to the
 * source adds a permit job and sends once this process has moved a permit job to active: BullMQ moves
 * at most `max` jobs per `duration` out of the queue, whoever asks, so the limit holds across the fleet.
 * Permits are interchangeable: a process may take a job another one added; every process adds one job
 * per request it waits with, so the queue holds a job for every waiting request.
 */
import type { HttpClient, HttpRequest, SendOptions, SendResult } from '@loom/engine';
import { Queue, Worker, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { ResolvedLocation } from './connection.js';
import { QueueError } from './queue-error.js';

/** A limit on the requests that runs send to one source description. */
export interface RateLimit {
  /** Requests per second, fleet-wide (every worker sharing the Redis together). */
  readonly perSecond: number;
}

/** Limits by source description name (`sourceDescriptions[].name`). */
export type RateLimits = Readonly<Record<string, RateLimit>>;

/** Above this many requests per second, a limiter window holds more than one permit. */
const ONE_PERMIT_WINDOWS_UP_TO = 100;
/** How long a process waits before it looks again when another process took the permit job it expected. */
const EMPTY_QUEUE_RETRY_MS = 5;

/**
 * What n permits of a rate of n/s span beyond one second: the time between taking a permit and the request
 * reaching the API varies (event loops, other processes, the network), and without this margin the n+1th
 * request could arrive within the same second as the first.
 */
const JITTER_GUARD_MS = 50;

/**
 * BullMQ's limiter (`max` jobs per `duration` ms) for a rate: one permit per window of (1000 + guard)/n ms
 * up to 100/s, so permits are spread over the second instead of bursting at its start (an API counting any
 * second sees at most n); above that, windows of about 10 ms holding a few permits each. Windows are
 * rounded up so the rate is never exceeded, and n+1 permits span more than a second by JITTER_GUARD_MS.
 */
export function limiterFor(perSecond: number): { readonly max: number; readonly duration: number } {
  if (perSecond <= ONE_PERMIT_WINDOWS_UP_TO) return { max: 1, duration: Math.ceil((1000 + JITTER_GUARD_MS) / perSecond) };
  const max = Math.ceil(perSecond / ONE_PERMIT_WINDOWS_UP_TO);
  const windows = Math.floor(perSecond / max);
  return { max, duration: Math.ceil((1000 + JITTER_GUARD_MS) / windows) };
}

/** The BullMQ queue of a source's permits. Queue names cannot hold ':' (BullMQ), source names cannot hold '.' (Arazzo). */
export function permitQueueName(queueName: string, source: string): string {
  return `${queueName}.rate.${source}`;
}

export function checkRateLimits(limits: RateLimits): void {
  for (const [source, limit] of Object.entries(limits)) {
    if (!/^[A-Za-z0-9_-]+$/.test(source)) throw new QueueError('LOOM_QUEUE_ERR_USAGE', `rate limit: '${source}' is not a source description name (letters, digits, _ and -)`);
    if (!(typeof limit.perSecond === 'number' && Number.isFinite(limit.perSecond) && limit.perSecond > 0)) {
      throw new QueueError('LOOM_QUEUE_ERR_USAGE', `rate limit of ${source}: requests per second must be a positive number, got ${String(limit.perSecond)}`);
    }
  }
}

/** The permits of every limited source, for one worker process. */
export interface RateGate {
  /** `client`, but each request to a limited source waits for a permit first. */
  wrap(client: HttpClient): HttpClient;
  close(): Promise<void>;
}

export async function openRateGate(location: ResolvedLocation, limits: RateLimits): Promise<RateGate> {
  checkRateLimits(limits);
  const gates = new Map<string, SourcePermits>();
  for (const [source, limit] of Object.entries(limits)) gates.set(source, await SourcePermits.open(location, source, limit));
  return {
    wrap: (client) => ({
      async send(request: HttpRequest, options?: SendOptions): Promise<SendResult> {
        const gate = request.source === undefined ? undefined : gates.get(request.source);
        if (gate && !(await gate.permit(options?.signal))) {
          return { ok: false, error: { code: 'aborted', message: `request to ${request.source} aborted while it waited for its rate limit` } };
        }
        return client.send(request, options);
      },
      close: () => client.close(),
    }),
    async close() {
      await Promise.all([...gates.values()].map((gate) => gate.close()));
    },
  };
}

interface Waiter {
  readonly grant: (granted: boolean) => void;
}

class SourcePermits {
  private readonly waiters: Waiter[] = [];
  private taking = false;
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly worker: Worker,
  ) {}

  static async open(location: ResolvedLocation, source: string, limit: RateLimit): Promise<SourcePermits> {
    const name = permitQueueName(location.queueName, source);
    const options = { connection: location.connection, prefix: location.prefix };
    const queue = new Queue(name, { ...options, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
    queue.on('error', () => {
      // ioredis reconnects by itself; a permit that cannot be taken waits.
    });
    const { max, duration } = limiterFor(limit.perSecond);
    // Stored in Redis with the queue: every worker's moves obey it, whatever limit that worker was given.
    await queue.setGlobalRateLimit(max, duration);
    // No processor: this process moves permit jobs itself (BullMQ's manual processing), only while it has requests waiting.
    const worker = new Worker(name, null, { ...options, autorun: false });
    worker.on('error', () => {
      // As above: BullMQ reconnects.
    });
    return new SourcePermits(queue, worker);
  }

  /** Resolves true once a permit is taken, false when `signal` aborts first or the gate closes. */
  async permit(signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted) return false;
    const granted = new Promise<boolean>((resolve) => {
      const waiter: Waiter = { grant: resolve };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          resolve(false);
        },
        { once: true },
      );
    });
    // One job per waiting request, so the queue is never empty while requests wait (see the file comment).
    await this.queue.add('permit', null);
    void this.take();
    return granted;
  }

  /** One loop per source and process, so that the manual Worker has one fetch in flight at a time. */
  private async take(): Promise<void> {
    if (this.taking) return;
    this.taking = true;
    try {
      while (this.waiters.length > 0 && !this.closed) {
        const token = randomUUID();
        let job: Job | undefined;
        try {
          job = await this.worker.getNextJob(token, { block: false });
          if (job) await job.moveToCompleted(null, token, false);
        } catch {
          // Redis is away: BullMQ reconnects; look again shortly.
          job = undefined;
        }
        if (job) {
          this.waiters.shift()?.grant(true);
          continue;
        }
        const limitedFor = await this.queue.getRateLimitTtl().catch(() => 0);
        await new Promise((resolve) => setTimeout(resolve, Math.max(limitedFor, EMPTY_QUEUE_RETRY_MS)));
      }
    } finally {
      this.taking = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.grant(false);
    await this.worker.close();
    await this.queue.close();
  }
}
