/**
 * The HTML run report in a real browser (issue 15): Debian's Chromium driven by playwright-core,
 * never a downloaded browser. Reports of a passing and a failing run (real runs against a local
 * server, with a secret and a hostile body) are opened from disk; the page must load nothing, log
 * no error, show every step, open a step from the keyboard, hide the secret and run no script.
 * Screenshots (light, dark, narrow) go to test-artifacts/html-report/ (git-ignored) for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LocalServer } from '../../packages/engine/test/http/local-server.js';
import { launchChromium, type TestBrowser } from '../support/browser.js';
import { repoRoot } from '../support/run-loom.js';
import { FAILING_FLOW, PASSING_FLOW, runWithHtmlReport, SECRET, startReportServer, type ReportRun } from './fixture.js';

const ARTIFACTS = join(repoRoot, 'test-artifacts', 'html-report');
// Starting Chromium on a loaded 2-core machine can take tens of seconds: the bounds are generous on purpose.
const BROWSER_TIMEOUT_MS = 180_000;

let server: LocalServer;
let browser: TestBrowser;
const reports: Record<'passing' | 'failing', ReportRun> = {} as never;

beforeAll(async () => {
  server = await startReportServer();
  reports.passing = await runWithHtmlReport(PASSING_FLOW, server.url);
  reports.failing = await runWithHtmlReport(FAILING_FLOW, server.url);
  expect([reports.passing.code, reports.failing.code]).toEqual([0, 1]);
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, BROWSER_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, BROWSER_TIMEOUT_MS);

interface OpenedReport {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
}

async function openReport(run: ReportRun, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<OpenedReport> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: options.width ?? 1100, height: 900 });
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(pathToFileURL(run.file).href, { waitUntil: 'load' });
  return { page, requests, problems };
}

describe.each(['passing', 'failing'] as const)('the %s run report in Chromium', (which) => {
  it('loads nothing but its own file and logs no error; every step is shown', async () => {
    const run = reports[which];
    const { page, requests, problems } = await openReport(run);
    try {
      expect(requests).toEqual([pathToFileURL(run.file).href]);
      expect(problems).toEqual([]);
      const shown = await page.locator('details.step > summary .step-name').allTextContents();
      expect(shown).toEqual(which === 'passing' ? ['login', 'getItem', 'hostile', 'big'] : ['login', 'broken']);
      // The graph has every step of the workflow, the one that never ran included.
      const nodes = await page.locator('svg.flow .node-step title').allTextContents();
      expect(nodes.map((title) => title.split(' — ')[0])).toEqual(which === 'passing' ? ['login', 'getItem', 'hostile', 'big'] : ['login', 'broken', 'never']);
      await page.screenshot({ path: join(ARTIFACTS, `${which}-light.png`), fullPage: true });
    } finally {
      await page.close();
    }
  }, BROWSER_TIMEOUT_MS);

  it('D21: no secret in the page text with every step open, nor in the DOM', async () => {
    const { page } = await openReport(reports[which]);
    try {
      await page.locator('details.step:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((summary) => (summary as HTMLElement).click()));
      expect(await page.locator('details.step:not([open])').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain('x-api-key: ****');
      expect(text).not.toContain(SECRET);
      expect(await page.content()).not.toContain(SECRET);
    } finally {
      await page.close();
    }
  }, BROWSER_TIMEOUT_MS);

  it('reads in dark mode and on a narrow screen without the page scrolling sideways', async () => {
    const dark = await openReport(reports[which], { colorScheme: 'dark' });
    try {
      expect(await dark.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(13, 17, 23)');
      await dark.page.screenshot({ path: join(ARTIFACTS, `${which}-dark.png`), fullPage: true });
    } finally {
      await dark.page.close();
    }
    const narrow = await openReport(reports[which], { width: 360 });
    try {
      // The graph scrolls inside its own frame; the page itself fits the screen.
      expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await narrow.page.screenshot({ path: join(ARTIFACTS, `${which}-narrow.png`), fullPage: true });
      expect(narrow.problems).toEqual([]);
    } finally {
      await narrow.page.close();
    }
  }, BROWSER_TIMEOUT_MS);
});

describe('the report from the keyboard, and a hostile body', () => {
  it('Tab reaches the skip link with a visible focus ring; Enter on a step opens it and shows its request and response', async () => {
    const { page } = await openReport(reports.passing);
    try {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the report');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      const step = page.locator('details.step', { has: page.locator('.step-name', { hasText: /^getItem$/ }) });
      const requestLine = step.locator('.request-line');
      await expect.poll(() => requestLine.isVisible()).toBe(false);
      await step.locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await step.getAttribute('open')).not.toBeNull();
      expect(await requestLine.innerText()).toBe(`GET ${server.url}/items/7`);
      const body = await step.locator('.body').innerText();
      expect(body).toContain('HTTP 200');
      expect(body).toContain('"name": "widget"');
      expect(body).toMatch(/✓ passed\s+\$response\.body#\/name == 'widget'/);
      await page.screenshot({ path: join(ARTIFACTS, 'passing-step-open.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, BROWSER_TIMEOUT_MS);

  it('a hostile response body is shown as text and runs nothing', async () => {
    const { page, requests, problems } = await openReport(reports.passing);
    try {
      const step = page.locator('details.step', { has: page.locator('.step-name', { hasText: /^hostile$/ }) });
      await step.locator('summary').click();
      expect(await step.locator('pre').allInnerTexts()).toContain(`</pre></details><script>document.title='pwned';window.__pwned=1</script><img src="http://127.0.0.1:9/x.png" onerror="window.__pwned=2"><style>body{display:none}</style>`);
      expect(await page.evaluate(() => ({ pwned: (window as { __pwned?: number }).__pwned, title: document.title, scripts: document.scripts.length, images: document.images.length }))).toEqual({
        pwned: undefined,
        title: 'Loom run report',
        scripts: 0,
        images: 0,
      });
      expect(await page.locator('body').isVisible()).toBe(true);
      expect(requests).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, BROWSER_TIMEOUT_MS);
});
