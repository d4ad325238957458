import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingServer, scratchFolder, startLoom, threeStepApi, threeStepFlow } from './cli-process-support.js';

/** SIGTERM (what CI runners and `timeout` send) used to end `loom run` at once: no reports, exit 143 from the kernel. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('D40: SIGINT and SIGTERM stop a run the same way', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`D40: ${signal} cancels the request in flight, writes the reports and the summary, exits ${code}`, async () => {
      let signalled: () => void = () => {};
      // Step two never answers; the test signals loom once the request has arrived.
      const server = await recordingServer((request, response) => {
        if (request.url === '/two') return signalled();
        response.setHeader('content-type', 'application/json');
        response.end('{}');
      });
      const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi(server.url) });
      cleanups.push(() => server.close(), folder.cleanup);
      const report = join(folder.dir, 'report.json');
      const har = join(folder.dir, 'run.har');
      const loom = startLoom(['run', join(folder.dir, 'flow.arazzo.yaml'), '--report', `json=${report}`, '--har', har]);
      signalled = () => loom.child.kill(signal);
      const result = await loom.done;
      expect(result.signal).toBeNull();
      expect(result.code, result.stderr).toBe(code);
      expect(server.paths()).toEqual(['/one', '/two']);
      expect(result.stdout).toMatch(/✖ flow failed at step two/);
      const written = JSON.parse(readFileSync(report, 'utf8')) as { status: string; steps: { stepId: string; status: string }[] };
      expect(written.status).toBe('failure');
      expect(written.steps.map((step) => `${step.stepId} ${step.status}`)).toEqual(['one success', 'two failure']);
      expect((JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(2);
    });
  }
});
