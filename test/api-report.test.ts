/**
 * The public surface of @loom/engine and @loom/expressions is frozen in checked-in API reports
 * (packages/<name>/etc/<name>.api.md). API Extractor reads the built declarations (the global setup
 * builds them) and compares; a change to what a package exports, or to the signature of anything it
 * exports, fails here until the report is updated and reviewed with the change: `pnpm api:update`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig, type ExtractorMessage } from '@microsoft/api-extractor';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-loom.js';

interface ReportCheck {
  readonly succeeded: boolean;
  readonly reportChanged: boolean;
  readonly messages: readonly string[];
  readonly reportPath: string;
}

function checkReport(packageName: string): ReportCheck {
  const config = ExtractorConfig.loadFileAndPrepare(join(repoRoot, 'packages', packageName, 'api-extractor.json'));
  const messages: string[] = [];
  const result = Extractor.invoke(config, {
    // Not local: a report that differs from the checked-in one is an error, never rewritten.
    localBuild: false,
    messageCallback: (message: ExtractorMessage) => {
      if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(message.formatMessageWithLocation(repoRoot));
      message.handled = true;
    },
  });
  return { succeeded: result.succeeded, reportChanged: result.apiReportChanged, messages, reportPath: config.reportFilePath };
}

describe('the public API is what the checked-in reports say', () => {
  for (const packageName of ['engine', 'expressions']) {
    it(`@loom/${packageName}: the surface matches etc/${packageName}.api.md, and every exported name has a doc comment`, () => {
      const check = checkReport(packageName);
      const update = 'the public API changed: review the change, then run `pnpm api:update` and commit the report';
      expect(check.reportChanged, update).toBe(false);
      expect(check.messages, 'API Extractor reported problems').toEqual([]);
      expect(check.succeeded).toBe(true);
      // A declaration the report marks `@public (undocumented)` has no doc comment of its own (members may go without).
      const report = readFileSync(check.reportPath, 'utf8');
      const undocumented = [...report.matchAll(/^\/\/ @public \(undocumented\)\r?\n(?:\/\/.*\r?\n)*export (?:declare )?(?:abstract )?\w+ (\w+)/gm)].map((match) => match[1]);
      expect(undocumented, 'exported names without a doc comment').toEqual([]);
    }, 60_000);
  }
});
