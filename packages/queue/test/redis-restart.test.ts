/**
 * Redis restarted during a run (issue 16), over a real redis-server that keeps its data on disk
 * (append-only file, fsync on every write): the API holds the second step's response until Redis has
 * been stopped and started again, and the run still completes, with its outputs, each request sent once.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueue, getRun, type LoomWorker, type QueuedRun } from '@loom/queue';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startFixture, WORKFLOW, type Fixture } from './queue-fixture.js';

let redis: RedisServer;
let fixture: Fixture;
const workers: LoomWorker[] = [];

beforeAll(async () => {
  redis = await startRedis({ persistent: true });
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await fixture?.server.close();
  await redis?.stop();
});

/** Polls until the run has finished; a poll made while Redis is away fails and is made again. */
async function finished(runId: string, location: { redis: string; prefix: string }): Promise<QueuedRun> {
  for (;;) {
    const run = await getRun(runId, location).catch(() => undefined);
    if (run?.state === 'completed' || run?.state === 'failed') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('@loom/queue and a Redis restart', () => {
  it('Redis restarted between two steps: the run completes with its outputs, and no request is sent twice', async () => {
    const location = { redis: redis.url, prefix: 'restart' };
    let restarted: Promise<void> | undefined;
    // The second step's request is answered only once Redis has been down (2 s) and is up again.
    fixture.holdSlow = () => (restarted ??= redis.restart({ whileDown: () => sleep(2000) }));
    workers.push(await createWorker({ ...location, concurrency: 1 }));
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'restart' } });
    const done = await finished(queued.runId, location);
    expect(restarted).toBeDefined();
    expect(done).toMatchObject({ state: 'completed', result: { status: 'success', outputs: { greeting: 'hello restart' }, steps: 2 } });
    const sent = fixture.server.received.map((request) => request.url.split('?')[0]);
    expect(sent).toEqual(['/hello', '/slow']);
  }, 60_000);

  it('a step response that arrives while Redis is down: the checkpoint waits for Redis, and the run completes', async () => {
    const location = { redis: redis.url, prefix: 'restart-late' };
    fixture.server.received.length = 0;
    let restarted: Promise<void> | undefined;
    let answered: Promise<void> | undefined;
    fixture.holdSlow = () => {
      // Answered as soon as Redis is down; Redis comes back 2 s later.
      answered ??= new Promise<void>((answer) => {
        restarted = redis.restart({ whileDown: () => (answer(), sleep(2000)) });
      });
      return answered;
    };
    workers.push(await createWorker({ ...location, concurrency: 1 }));
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'late' } });
    const done = await finished(queued.runId, location);
    await restarted;
    expect(done).toMatchObject({ state: 'completed', result: { status: 'success', outputs: { greeting: 'hello late' }, steps: 2 } });
    expect(fixture.server.received.map((request) => request.url.split('?')[0])).toEqual(['/hello', '/slow']);
  }, 60_000);
});

describe('@loom/queue and a Redis away longer than the lock', () => {
  it('Redis away three times the lock: the run completes, and no completed step is sent again', async () => {
    const location = { redis: redis.url, prefix: 'lock-lost' };
    fixture.server.received.length = 0;
    // Three steps: hello, slow (in flight while Redis is away 3 s, three times the 1 s lock), then hello again.
    const document = join(fixture.folder, 'three-steps.arazzo.yaml');
    await writeFile(
      document,
      WORKFLOW.replace(
        '    outputs:\n      greeting:',
        '      - stepId: again\n        operationId: hello\n        parameters: [{ name: name, in: query, value: again }]\n        successCriteria: [{ condition: $statusCode == 200 }]\n    outputs:\n      greeting:',
      ),
    );
    let restarted: Promise<void> | undefined;
    fixture.holdSlow = () => (restarted ??= redis.restart({ whileDown: () => sleep(3000) }));
    // Two workers: the one that holds the run, and one that takes it over once its lock has expired.
    workers.push(await createWorker({ ...location, concurrency: 1, takeOverAfterMs: 1000 }));
    workers.push(await createWorker({ ...location, concurrency: 1, takeOverAfterMs: 1000 }));
    const queued = await enqueue(document, { ...location, inputs: { name: 'lock' } });
    const done = await finished(queued.runId, location);
    fixture.holdSlow = undefined;
    expect(done).toMatchObject({ state: 'completed', result: { status: 'success', outputs: { greeting: 'hello lock' }, steps: 3 } });
    // Only the step in flight while Redis was away may be sent twice (D90); the steps before and after it once.
    const sent = fixture.server.received.map((request) => request.url);
    expect(sent.filter((url) => url !== '/slow')).toEqual(['/hello?name=lock', '/hello?name=again']);
    expect(sent.filter((url) => url === '/slow').length).toBeGreaterThanOrEqual(1);
    expect(sent.filter((url) => url === '/slow').length).toBeLessThanOrEqual(2);
  }, 60_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
