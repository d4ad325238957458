/**
 * DECISIONS D90, D91 over a real redis-server: a worker killed between two steps (SIGKILL, a real
 * process) has its run resumed by another worker from the last checkpoint, and a long Retry-After
 * waits as a delayed job, not in a sleeping worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueue, getRun, type LoomWorker, type QueuedRun } from '@loom/queue';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startFixture, type Fixture } from './queue-fixture.js';
import { readHash, readStream } from './redis-hash.js';
import type { RunJobData } from '../src/run-job.js';

let redis: RedisServer;
let fixture: Fixture;
const workers: LoomWorker[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await fixture?.server.close();
  await redis?.stop();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  fixture.slowMs = 0;
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function workerProcess(prefix: string, takeOverAfterMs: number): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./worker-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, redis.url, prefix, String(takeOverAfterMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`the worker process exited (${String(code)}): ${errors}`)));
  });
}

describe('@loom/queue durability', () => {
  it('D90: a worker killed between two steps: another worker resumes the run from the checkpoint, and only the step in flight is sent again', async () => {
    const location = { redis: redis.url, prefix: 'killed' };
    fixture.slowMs = 60_000;
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'kill-test' } });
    const child = await workerProcess(location.prefix, 1000);
    // Step one is done and checkpointed once the worker reports step two in flight.
    await until(async () => ((await getRun(queued.runId, location)).progress?.stepId === 'slow' ? true : undefined));
    await until(async () => (fixture.server.received.some((request) => request.url === '/slow') ? true : undefined));
    child.kill('SIGKILL');
    fixture.slowMs = 0;

    workers.push(await createWorker({ ...location, concurrency: 1, takeOverAfterMs: 1000 }));
    const done = await until(async () => {
      const run = await getRun(queued.runId, location);
      return run.state === 'completed' || run.state === 'failed' ? run : undefined;
    });
    expect(done.result).toMatchObject({ status: 'success', outputs: { greeting: 'hello kill-test' } });
    const sent = fixture.server.received.map((request) => request.url.split('?')[0]);
    expect(sent.filter((path) => path === '/hello')).toHaveLength(1);
    expect(sent.filter((path) => path === '/slow')).toHaveLength(2);
  });

  it('D90: a checkpoint and the step in flight are one Redis write, stored before the next step is sent', async () => {
    const location = { redis: redis.url, prefix: 'one-write' };
    workers.push(await createWorker({ ...location, concurrency: 1 }));
    let seenOnArrival: Record<string, string> | undefined;
    fixture.holdSlow = async () => {
      seenOnArrival = await readHash(redis.url, `one-write:runs:${queued.runId}`);
    };
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'one-write' } });
    const done = await until(async () => {
      const run = await getRun(queued.runId, location);
      return run.state === 'completed' || run.state === 'failed' ? run : undefined;
    });
    fixture.holdSlow = undefined;
    expect(done.result).toMatchObject({ status: 'success' });
    // When step two's request arrived, Redis held step one's checkpoint and step two as the step in flight.
    const stored = JSON.parse(seenOnArrival!['data']!) as RunJobData;
    expect(stored.checkpoint).toMatchObject({ next: { stepId: 'slow' }, steps: { hello: { outputs: { greeting: 'hello one-write' } } } });
    expect(stored.progress).toEqual({ stepId: 'slow', workflowId: 'greet', stepsDone: 1 });
    // No separate progress write per step (BullMQ's updateProgress adds a 'progress' event to the queue's stream).
    const events = await readStream(redis.url, 'one-write:runs:events');
    expect(events.filter((event) => event['event'] === 'progress')).toEqual([]);
  });

  it('D91: a Retry-After longer than the threshold becomes a delayed job, and the run completes after it', async () => {
    const location = { redis: redis.url, prefix: 'delayed' };
    fixture.retryAfterSeconds = 2;
    workers.push(await createWorker({ ...location, concurrency: 1, suspendDelaysOverMs: 500 }));
    const started = Date.now();
    const queued = await enqueue(fixture.patient, { ...location, inputs: { key: 'delay-test' } });
    const states = new Set<QueuedRun['state']>();
    const done = await until(async () => {
      const run = await getRun(queued.runId, location);
      states.add(run.state);
      return run.state === 'completed' || run.state === 'failed' ? run : undefined;
    });
    expect(states.has('delayed')).toBe(true);
    expect(done.result).toMatchObject({ status: 'success', steps: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(fixture.server.received.filter((request) => request.url === '/flaky?key=delay-test')).toHaveLength(2);
  });
});
