import type { ResolvedLocation } from './connection.js';

/**
 * The Redis pub/sub channel on which `cancelRun` asks every worker of a queue to cancel a run;
 * only the worker that holds it acts (BullMQ's `Worker.cancelJob` cancels only its own jobs).
 */
export function cancelChannel(location: ResolvedLocation): string {
  return `${location.prefix}:${location.queueName}:loom-cancel`;
}
