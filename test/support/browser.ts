/**
 * A real headless browser for tests: Debian's Chromium (found or installed by ensureBinary, never
 * downloaded) driven by playwright-core. Each launch gets a fresh profile folder, removed on close,
 * and flags that keep Chromium from reaching the network on its own (updates, sync, QUIC probes),
 * so a test that watches the page's requests sees only the page's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureBinary } from './services/system-binary.js';

export interface TestBrowser {
  /** The browser's one context, on the fresh profile; open pages with `context.newPage()`. */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  const executablePath = ensureBinary({ name: 'chromium', debianPackage: 'chromium' });
  const profile = await mkdtemp(join(tmpdir(), 'loom-chromium-'));
  // Playwright's own way to give the fresh profile (it refuses a --user-data-dir flag).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
