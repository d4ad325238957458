/**
 * Where the queue lives: a Redis URL (`redis://` or `rediss://`, user info allowed), a key prefix,
 * a queue name. Every connection is bounded: Loom checks that Redis answers before it queues or
 * works, so an unreachable Redis is one clear error instead of a client retrying forever.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueError } from './queue-error.js';

/** The Redis used when none is given: `LOOM_REDIS_URL`, else the local default port. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** BullMQ's key prefix for Loom's queue. For Redis Cluster use a hash tag, e.g. `{loom}`, so a queue's keys share a slot. */
export const DEFAULT_PREFIX = 'loom';
export const DEFAULT_QUEUE_NAME = 'runs';
/** How long connecting to Redis may take before Loom gives up with an error. */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface QueueLocation {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`; default `LOOM_REDIS_URL` or {@link DEFAULT_REDIS_URL}. */
  readonly redis?: string;
  /** Key prefix; default {@link DEFAULT_PREFIX}. */
  readonly prefix?: string;
  /** Queue name; default {@link DEFAULT_QUEUE_NAME}. */
  readonly queueName?: string;
}

export interface ResolvedLocation {
  readonly url: string;
  /** The URL without its password, for messages. */
  readonly displayUrl: string;
  readonly connection: RedisOptions;
  readonly prefix: string;
  readonly queueName: string;
}

export function resolveLocation(location: QueueLocation = {}, env: NodeJS.ProcessEnv = process.env): ResolvedLocation {
  const url = location.redis ?? env['LOOM_REDIS_URL'] ?? DEFAULT_REDIS_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `not a Redis URL: ${withoutPassword(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `a Redis URL starts with redis:// or rediss://, got ${withoutPassword(url)}`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new QueueError('LOOM_QUEUE_ERR_USAGE', `the Redis database in ${withoutPassword(url)} is not a number`);
  const connection: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
  };
  return {
    url,
    displayUrl: withoutPassword(url),
    connection,
    prefix: location.prefix ?? DEFAULT_PREFIX,
    queueName: location.queueName ?? DEFAULT_QUEUE_NAME,
  };
}

/** Fails with one clear error, within CONNECT_TIMEOUT_MS, unless Redis answers PING. */
export async function checkReachable(location: ResolvedLocation): Promise<void> {
  const client = new Redis({ ...location.connection, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The connection's own error (ECONNREFUSED, ENOTFOUND, NOAUTH...) says more than connect()'s rejection.
  let cause: unknown;
  client.on('error', (error: unknown) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new QueueError('LOOM_QUEUE_ERR_REDIS', `cannot reach Redis at ${location.displayUrl}: ${reasonOf(cause ?? error)}`, { cause: cause ?? error });
  } finally {
    client.disconnect();
  }
}

/** A client for Loom's own keys and channels (cancel requests), reconnecting as BullMQ's do. */
export function createClient(location: ResolvedLocation): Redis {
  const client = new Redis({ ...location.connection, maxRetriesPerRequest: null });
  client.on('error', () => {
    // ioredis reconnects by itself; a request that cannot wait fails on its own.
  });
  return client;
}

export function withoutPassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*):[^@/]*@/i, '$1:****@');
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim() || 'no answer';
}
