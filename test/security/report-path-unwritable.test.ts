import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { recordingServer, scratchFolder, threeStepApi, threeStepFlow } from './cli-process-support.js';

/** `--report` / `--har` to a path that cannot be written used to be found out after every request was sent. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const server = await recordingServer();
  const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi(server.url) });
  cleanups.push(() => server.close(), folder.cleanup);
  return { server, dir: folder.dir, file: join(folder.dir, 'flow.arazzo.yaml') };
}

describe('report files are checked before the first request', () => {
  it('--report json=<missing folder>/r.json: usage error, exit 2, nothing sent', async () => {
    const { server, dir, file } = await setup();
    const result = await runLoomInProcess(['run', file, '--report', `json=${join(dir, 'no-such-folder', 'r.json')}`]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('no-such-folder');
    expect(result.stdout).toBe('');
    expect(server.paths()).toEqual([]);
  });

  it('--har <a folder>: usage error, exit 2, nothing sent', async () => {
    const { server, dir, file } = await setup();
    mkdirSync(join(dir, 'a-folder'));
    const result = await runLoomInProcess(['run', file, '--har', join(dir, 'a-folder')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('a-folder');
    expect(server.paths()).toEqual([]);
  });

  it('writable paths: the run goes ahead and the reports are written', async () => {
    const { server, dir, file } = await setup();
    const result = await runLoomInProcess(['run', file, '--report', `junit=${join(dir, 'r.xml')}`, '--har', join(dir, 'r.har')]);
    expect(result.code, result.stderr).toBe(0);
    expect(server.paths()).toEqual(['/one', '/two', '/three']);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<testcase');
    expect(JSON.parse(readFileSync(join(dir, 'r.har'), 'utf8')).log.entries).toHaveLength(3);
  });
});
