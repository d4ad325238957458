/**
 * `loom dashboard`'s server: Bull Board over a real redis-server, listing a run a real worker
 * finished; loopback by default, a password off loopback. (The page itself in a browser: dashboard-browser.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueue, waitForRun } from '@loom/queue';
import { startDashboard } from '@loom/queue/dashboard';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startFixture, type Fixture } from './queue-fixture.js';

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

describe('loom dashboard (Bull Board)', () => {
  it('serves the page and lists a finished run, on 127.0.0.1', async () => {
    const location = { redis: redis.url, prefix: 'dash' };
    const worker = await createWorker({ ...location, concurrency: 1 });
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'dash' }, runId: 'dashboard-run' });
    await waitForRun(queued.runId, location);
    await worker.close();
    const dashboard = await startDashboard(location);
    try {
      expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(dashboard.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Loom runs');
      const api = await fetch(new URL('api/queues?activeQueue=runs&status=completed&page=1&jobsPerPage=10', dashboard.url));
      const body = (await api.json()) as { queues: { name: string; jobs: { id: string; returnValue?: unknown }[] }[] };
      const runs = body.queues.find((queue) => queue.name === 'runs');
      expect(runs?.jobs.map((job) => job.id)).toContain('dashboard-run');
    } finally {
      await dashboard.close();
    }
  });

  it('off loopback it needs a password, and asks for it', async () => {
    const location = { redis: redis.url, prefix: 'dash2' };
    await expect(startDashboard({ ...location, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'LOOM_QUEUE_ERR_USAGE', message: expect.stringMatching(/needs a password/) });
    const dashboard = await startDashboard({ ...location, host: '0.0.0.0', password: 'correct-horse-battery' });
    try {
      const url = dashboard.url.replace('0.0.0.0', '127.0.0.1');
      expect((await fetch(url)).status).toBe(401);
      const authorized = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('loom:correct-horse-battery').toString('base64')}` } });
      expect(authorized.status).toBe(200);
    } finally {
      await dashboard.close();
    }
  });
});
