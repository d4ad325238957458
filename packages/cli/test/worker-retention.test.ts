/**
 * DECISIONS D61: how long and how many finished runs `loom worker` keeps in Redis (--keep-completed,
 * --keep-failed, --keep-at-most), over a real redis-server and a real local API, in process through main().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeContext, runLoomInProcess } from '../../../test/support/fake-context.js';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { main } from '../src/main.js';
import { parseRetention } from '../src/commands/worker.js';
import { startFixture, type Fixture } from '../../queue/test/queue-fixture.js';

let redis: RedisServer;
let fixture: Fixture;

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await fixture?.server.close();
  await redis?.stop();
});

/** Runs `loom worker` with `flags` while `body` runs, then drains it with SIGTERM. */
async function withWorker(queue: string[], flags: string[], body: () => Promise<void>) {
  const context = fakeContext();
  const exit = main(['worker', ...queue, '--concurrency', '1', ...flags], context);
  // A worker that refuses its flags exits at once: fail then, not after waiting for runs nobody carries out.
  const exitedEarly = exit.then((code) => Promise.reject(new Error(`loom worker exited with ${code}: ${context.stderrText()}`)));
  exitedEarly.catch(() => {});
  try {
    await Promise.race([body(), exitedEarly]);
  } finally {
    context.sendSignal('SIGTERM');
    expect(await exit).toBe(0);
  }
}

async function runOnce(queue: string[], name: string) {
  const waited = await runLoomInProcess(['enqueue', fixture.document, '--input', `name=${name}`, '--job-id', `run-${name}`, '--wait', ...queue]);
  expect(waited.code).toBe(0);
}

async function completedRuns(queue: string[]) {
  const listed = await runLoomInProcess(['results', '--status', 'completed', '--json', ...queue]);
  return (JSON.parse(listed.stdout) as { runId: string }[]).map((run) => run.runId).sort();
}

describe('loom worker retention (D61)', () => {
  it('D61: --keep-at-most keeps the newest n finished runs; the older ones leave Redis', async () => {
    const queue = ['--redis', redis.url, '--prefix', 'keep-count'];
    await withWorker(queue, ['--keep-at-most', '2'], async () => {
      for (const name of ['a', 'b', 'c', 'd']) await runOnce(queue, name);
    });
    expect(await completedRuns(queue)).toEqual(['run-c', 'run-d']);
  });

  it('D61: --keep-completed removes completed runs older than the age as later runs finish', async () => {
    const queue = ['--redis', redis.url, '--prefix', 'keep-age'];
    await withWorker(queue, ['--keep-completed', '1s'], async () => {
      await runOnce(queue, 'old');
      // Older than the 1 s age by the time the next run finishes (BullMQ trims when a run finishes).
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await runOnce(queue, 'new');
    });
    expect(await completedRuns(queue)).toEqual(['run-new']);
  });

  it('D61: the flags become the worker retention; a bad value is exit 2', async () => {
    expect(parseRetention({})).toBeUndefined();
    expect(parseRetention({ 'keep-completed': '30m', 'keep-failed': '7d', 'keep-at-most': '500' })).toEqual({
      completed: { ageSeconds: 1800, count: 500 },
      failed: { ageSeconds: 604_800, count: 500 },
    });
    expect(parseRetention({ 'keep-failed': '2h' })).toEqual({ completed: {}, failed: { ageSeconds: 7200 } });
    for (const [flag, bad] of [['--keep-completed', '0s'], ['--keep-completed', '24'], ['--keep-failed', '1w'], ['--keep-at-most', '0']] as const) {
      const result = await runLoomInProcess(['worker', flag, bad, '--redis', redis.url]);
      expect(result, `${flag} ${bad}`).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^loom: worker: ${flag}`)) });
    }
  });
});
