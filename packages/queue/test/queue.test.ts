/**
 * @loom/queue over a real redis-server (Debian's package, started on a free port) and a real
 * local HTTP API: enqueue, work, status, results, cancel, secrets, and Redis unreachable.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cancelRun, createQueueClient, createWorker, enqueue, getRun, isQueueError, listRuns, type LoomWorker, type QueuedRun } from '@loom/queue';
import { freePort } from '../../../test/support/services/free-port.js';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startFixture, WORKFLOW, type Fixture } from './queue-fixture.js';
import { resolveLocation } from '../src/connection.js';
import { openQueue } from '../src/enqueue.js';
import { describeCurrent } from '../src/runs.js';

let redis: RedisServer;
let fixture: Fixture;
let prefixCount = 0;
const workers: LoomWorker[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await fixture?.server.close();
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  fixture.slowMs = 0;
});

/** Each test its own key prefix: one Redis, no test sees another's runs. */
function place() {
  prefixCount += 1;
  return { redis: redis.url, prefix: `t${prefixCount}` };
}

async function worker(location: ReturnType<typeof place>, key?: Buffer): Promise<LoomWorker> {
  const started = await createWorker({ ...location, concurrency: 2, ...(key ? { key } : {}) });
  workers.push(started);
  return started;
}

/** Connections Redis has accepted since it started (INFO stats). */
async function connectionsReceived(): Promise<number> {
  const client = new Redis(redis.url);
  try {
    return Number(/total_connections_received:(\d+)/.exec(await client.info('stats'))![1]) - 1;
  } finally {
    client.disconnect();
  }
}

/** Polls the run until it reaches one of `states` (bounded by the test timeout; Redis has no push for a single job here). */
async function until(runId: string, location: ReturnType<typeof place>, states: readonly QueuedRun['state'][]): Promise<QueuedRun> {
  for (;;) {
    const run = await getRun(runId, location);
    if (states.includes(run.state)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('@loom/queue', () => {
  it('queues a run that a worker carries out: status, outputs and results', async () => {
    const location = place();
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'ada' } });
    expect(queued).toMatchObject({ workflowId: 'greet', created: true });
    expect((await getRun(queued.runId, location)).state).toBe('waiting');
    await worker(location);
    const done = await until(queued.runId, location, ['completed', 'failed']);
    expect(done.result).toMatchObject({ status: 'success', outputs: { greeting: 'hello ada' }, steps: 2 });
    expect((await listRuns({ ...location, states: ['completed'] })).map((run) => run.runId)).toEqual([queued.runId]);
    expect(await listRuns({ ...location, states: ['failed'] })).toEqual([]);
  });

  it('a run that finishes between reading its job and its state shows its result (status-finished-race)', async () => {
    const location = place();
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'race' } });
    const queue = openQueue(resolveLocation(location));
    try {
      // The job as read while the run waited; the run then finishes before its state is read.
      const readEarly = (await queue.getJob(queued.runId))!;
      await worker(location);
      await until(queued.runId, location, ['completed']);
      expect(await describeCurrent(queue, readEarly)).toMatchObject({ state: 'completed', result: { status: 'success', outputs: { greeting: 'hello race' } } });
    } finally {
      await queue.close();
    }
  });

  it('refuses a bad document and bad inputs at enqueue, and queues nothing', async () => {
    const location = place();
    const broken = `${fixture.folder}/broken.arazzo.yaml`;
    await writeFile(broken, WORKFLOW.replace('operationId: hello\n        parameters', 'operationId: nosuch\n        parameters'));
    await expect(enqueue(broken, { ...location, inputs: { name: 'x' } })).rejects.toMatchObject({ code: 'LOOM_ERR_INVALID' });
    await expect(enqueue(fixture.document, { ...location, inputs: { name: 42 } })).rejects.toMatchObject({ code: 'LOOM_ERR_INPUTS' });
    await expect(enqueue(fixture.document, { ...location, workflowId: 'nope', inputs: {} })).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
    expect(await listRuns(location)).toEqual([]);
  });

  it('a run id makes enqueueing idempotent', async () => {
    const location = place();
    const first = await enqueue(fixture.document, { ...location, inputs: { name: 'a' }, runId: 'signup-42' });
    const second = await enqueue(fixture.document, { ...location, inputs: { name: 'a' }, runId: 'signup-42' });
    expect([first.created, second.created, second.runId]).toEqual([true, false, 'signup-42']);
    expect(await listRuns(location)).toHaveLength(1);
  });

  it('a queue client queues many runs over one connection, and they run', async () => {
    const location = place();
    const connectionsBefore = await connectionsReceived();
    const client = await createQueueClient(location);
    const queued = await Promise.all(Array.from({ length: 30 }, (_, index) => client.enqueue(fixture.document, { inputs: { name: `n${index}` }, ...(index === 0 ? { runId: 'client-0' } : {}) })));
    const again = await client.enqueue(fixture.document, { inputs: { name: 'n0' }, runId: 'client-0' });
    await client.close();
    // One check of Redis and the queue's connection, not one or two per run as enqueue() opens.
    expect((await connectionsReceived()) - connectionsBefore).toBeLessThanOrEqual(3);
    expect(again).toMatchObject({ runId: 'client-0', created: false });
    expect(queued.every((run) => run.created)).toBe(true);
    await worker(location);
    const ended = await Promise.all(queued.map((run) => until(run.runId, location, ['completed', 'failed'])));
    expect(ended.map((run) => run.result?.status)).toEqual(queued.map(() => 'success'));
    await expect(client.enqueue(fixture.document, { inputs: { name: 'late' } })).rejects.toThrow();
  });

  it('a queue client refuses an unreachable Redis when it opens, and bad runs before Redis', async () => {
    const port = await freePort();
    await expect(createQueueClient({ redis: `redis://127.0.0.1:${port}` })).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_REDIS' });
    const location = place();
    const client = await createQueueClient(location);
    try {
      await expect(client.enqueue(fixture.document, { inputs: { name: 42 } })).rejects.toMatchObject({ code: 'LOOM_ERR_INPUTS' });
      await expect(client.enqueue(fixture.document, { inputs: { name: 'x' }, priority: 0 })).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_USAGE' });
    } finally {
      await client.close();
    }
    expect(await listRuns(location)).toEqual([]);
  });

  it('cancels a waiting run (removed) and an active run (cancelled on its worker)', async () => {
    const location = place();
    const waiting = await enqueue(fixture.document, { ...location, inputs: { name: 'w' }, delayMs: 60_000 });
    expect(await cancelRun(waiting.runId, location)).toBe('delayed');
    await expect(getRun(waiting.runId, location)).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_NOT_FOUND' });

    fixture.slowMs = 30_000;
    const active = await enqueue(fixture.document, { ...location, inputs: { name: 'a' } });
    await worker(location);
    const running = await until(active.runId, location, ['active']);
    expect(running.state).toBe('active');
    // The worker reports the step in flight once it starts it.
    for (let run = running; run.progress?.stepId !== 'slow'; run = await getRun(active.runId, location)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await cancelRun(active.runId, location)).toBe('active');
    const ended = await until(active.runId, location, ['cancelled', 'failed', 'completed']);
    expect(ended.state).toBe('cancelled');
  });

  it('seals secret inputs: never in Redis in clear, opened by the worker that runs the step', async () => {
    const location = place();
    const secret = 'correct-horse-battery-staple';
    await expect(enqueue(fixture.document, { ...location, inputs: { name: 's', password: secret } })).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_SECRETS' });
    const key = randomBytes(32);
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 's', password: secret }, key });
    const raw = new Redis(redis.url);
    try {
      const keys = await raw.keys(`${location.prefix}:*`);
      const values = await Promise.all(keys.map(async (name) => ((await raw.type(name)) === 'hash' ? JSON.stringify(await raw.hgetall(name)) : '')));
      expect(values.join('\n')).not.toContain(secret);
      expect(values.join('\n')).toContain('sealedInputs');
    } finally {
      raw.disconnect();
    }
    const before = fixture.server.received.length;
    await worker(location, key);
    const done = await until(queued.runId, location, ['completed', 'failed']);
    expect(done.result?.status).toBe('success');
    expect(fixture.server.received.slice(before).find((request) => request.url.startsWith('/hello'))?.headers['x-pass']).toBe(secret);
    expect(JSON.stringify(done)).not.toContain(secret);
  });

  it('D92: an input named like a secret (apiKey) is sealed too, though its schema does not mark it', async () => {
    const location = place();
    const document = `${fixture.folder}/named-secret.arazzo.yaml`;
    await writeFile(document, WORKFLOW.replace('password: { type: string, format: password }', 'apiKey: { type: string }').replace('$inputs.password', '$inputs.apiKey'));
    await expect(enqueue(document, { ...location, inputs: { name: 'n', apiKey: 'k-123456789' } })).rejects.toMatchObject({
      code: 'LOOM_QUEUE_ERR_SECRETS',
      message: expect.stringMatching(/has secret inputs \(apiKey\)/),
    });
    // Inputs with ordinary names go in clear (nothing to seal: no key needed).
    await expect(enqueue(document, { ...location, inputs: { name: 'n' } })).resolves.toMatchObject({ created: true });
  });

  it('refuses to run a document whose text changed since it was queued', async () => {
    const location = place();
    const document = `${fixture.folder}/changing.arazzo.yaml`;
    await writeFile(document, WORKFLOW);
    const queued = await enqueue(document, { ...location, inputs: { name: 'c' } });
    await writeFile(document, `${WORKFLOW}# edited\n`);
    await worker(location);
    const ended = await until(queued.runId, location, ['completed', 'failed']);
    expect(ended.state).toBe('failed');
    expect(ended.failure).toMatch(/changed since this run was queued/);
  });

  it('Redis unreachable: one clear error, quickly, with no password in it', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await enqueue(fixture.document, { redis: `redis://user:hunter22@127.0.0.1:${port}`, inputs: { name: 'x' } }).catch((caught: unknown) => caught);
    expect(isQueueError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOOM_QUEUE_ERR_REDIS' });
    expect((error as Error).message).toMatch(new RegExp(`cannot reach Redis at redis://user:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect((error as Error).message).not.toContain('hunter22');
    // Generous: the connect timeout is 5 s; a refused connection fails at once.
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(createWorker({ redis: `redis://127.0.0.1:${port}` })).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_REDIS' });
  });
});
