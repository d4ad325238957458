/**
 * What every queue command shares: where the queue is (`--redis`, `--prefix`, `--queue`), loading
 * @loom/queue (BullMQ and its Redis client) only when a queue command runs, and its errors as one
 * line with exit code 2.
 */
import type { CommandContext, CommandOptions } from '../command.js';
import { escapeControlCharacters } from '../terminal.js';

type QueueModule = typeof import('@loom/queue');

export const queueLocationOptions = {
  redis: { type: 'string' },
  prefix: { type: 'string' },
  queue: { type: 'string' },
} as const satisfies CommandOptions;

export const queueLocationHelp = `  --redis <url>               Redis to use: redis://[user:password@]host:port[/db] or rediss://...
                              (default: LOOM_REDIS_URL, else redis://127.0.0.1:6379)
  --prefix <prefix>           Key prefix of Loom's queue (default loom; for Redis Cluster use a hash
                              tag such as {loom})
  --queue <name>              Queue name (default runs)`;

export interface QueueLocationValues {
  readonly redis?: string;
  readonly prefix?: string;
  readonly queue?: string;
}

export function queueLocation(values: QueueLocationValues, context: CommandContext): { redis: string; prefix?: string; queueName?: string } {
  return {
    redis: values.redis ?? context.env['LOOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    ...(values.queue !== undefined ? { queueName: values.queue } : {}),
  };
}

export function loadQueue(): Promise<QueueModule> {
  return import('@loom/queue');
}

/** Runs a queue command; a QueueError (Redis unreachable, no such run...) is one line on stderr and exit code 2. */
export async function withQueueErrors(command: string, context: CommandContext, body: (queue: QueueModule) => Promise<number>): Promise<number> {
  const queue = await loadQueue();
  try {
    return await body(queue);
  } catch (error) {
    if (!queue.isQueueError(error)) throw error;
    context.stderr.write(`loom: ${command}: ${escapeControlCharacters(error.message)}\n`);
    return 2;
  }
}

/** The key that seals secret inputs, from the command's environment (`LOOM_QUEUE_KEY`), as `{ key }` to spread into options. */
export function queueKey(queue: QueueModule, context: CommandContext): { key?: Buffer } {
  const text = context.env['LOOM_QUEUE_KEY'];
  return text === undefined || text === '' ? {} : { key: queue.parseQueueKey(text) };
}
