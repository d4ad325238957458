import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingServer, scratchFolder, startLoom, threeStepApi, threeStepFlow } from './cli-process-support.js';

/**
 * `loom ... | head -1`: the reader goes away after the first line. Loom used to die of an
 * unhandled EPIPE, part-way through a run. Emulated by closing the child's pipe.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(status: (index: number) => number = () => 200) {
  // Each answer waits, so that the run is still going when the pipe is closed after the first
  // line (printed before the first request); generous, as the machine may be loaded.
  const server = await recordingServer((_request, response, index) => {
    setTimeout(() => {
      response.statusCode = status(index);
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    }, 300);
  });
  const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi(server.url) });
  cleanups.push(() => server.close(), folder.cleanup);
  return { server, dir: folder.dir, file: join(folder.dir, 'flow.arazzo.yaml') };
}

describe('a closed stdout or stderr ends output quietly', () => {
  it('loom run | head -1: the run completes, every request is sent, the exit code is the run’s own (0)', async () => {
    const { server, file } = await setup();
    const loom = startLoom(['run', file]);
    loom.child.stdout.once('data', () => loom.child.stdout.destroy());
    const result = await loom.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.paths()).toEqual(['/one', '/two', '/three']);
  });

  it('the same with a run that fails: exit 1, and stdout and stderr both closed', async () => {
    const { server, file } = await setup((index) => (index === 2 ? 500 : 200));
    const loom = startLoom(['run', file, '--verbose']);
    loom.child.stdout.once('data', () => {
      loom.child.stdout.destroy();
      loom.child.stderr.destroy();
    });
    const result = await loom.done;
    expect(result.code).toBe(1);
    expect(server.paths()).toEqual(['/one', '/two', '/three']);
  });

  it('loom validate with stdout and stderr closed from the start exits with its own code', async () => {
    const { file, dir } = await setup();
    const ok = startLoom(['validate', file]);
    ok.child.stdout.destroy();
    ok.child.stderr.destroy();
    expect((await ok.done).code).toBe(0);
    const unreadable = startLoom(['validate', join(dir, 'missing.yaml')]);
    unreadable.child.stdout.destroy();
    unreadable.child.stderr.destroy();
    expect((await unreadable.done).code).toBe(2);
  });
});
