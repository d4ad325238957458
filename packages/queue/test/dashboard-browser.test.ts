/**
 * `loom dashboard` in a real headless Chromium (Debian's, driven by playwright-core): Bull Board's page
 * loads from the dashboard server alone and lists a run that a real worker finished over a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueue, waitForRun } from '@loom/queue';
import { startDashboard } from '@loom/queue/dashboard';
import { launchChromium, type TestBrowser } from '../../../test/support/browser.js';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startFixture, type Fixture } from './queue-fixture.js';

let redis: RedisServer;
let fixture: Fixture;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await fixture?.server.close();
  await redis?.stop();
});

describe('loom dashboard in a browser', () => {
  it('the page loads in headless Chromium and lists a finished run', async () => {
    const location = { redis: redis.url, prefix: 'dash-browser' };
    const worker = await createWorker({ ...location, concurrency: 1 });
    const queued = await enqueue(fixture.document, { ...location, inputs: { name: 'browser' }, runId: 'browser-run' });
    expect((await waitForRun(queued.runId, location)).state).toBe('completed');
    await worker.close();
    const dashboard = await startDashboard(location);
    try {
      browser = await launchChromium();
      const page = await browser.context.newPage();
      const elsewhere: string[] = [];
      const failed: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(dashboard.url)) elsewhere.push(request.url());
      });
      page.on('requestfailed', (request) => failed.push(request.url()));
      const response = await page.goto(new URL('queue/runs?status=completed', dashboard.url).href);
      expect(response?.status()).toBe(200);
      // Bull Board renders in the browser from its API: the run's id appears once the page has fetched the jobs.
      await page.getByText('browser-run').first().waitFor({ timeout: 15_000 });
      expect(await page.title()).toContain('Loom runs');
      expect(await page.locator('body').innerText()).toContain('browser-run');
      expect(elsewhere).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await dashboard.close();
    }
  }, 60_000);
});
