import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoomError, loadDocument, planRequests, run } from '../../packages/engine/src/index.js';
import { runLoomInProcess } from '../support/fake-context.js';
import { recordingServer, scratchFolder, threeStepApi, threeStepFlow } from './cli-process-support.js';

/**
 * A `--server` (or `servers`) name that matches no source description used to be ignored,
 * so the requests went to the document's own, possibly production, server.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const production = await recordingServer();
  const local = await recordingServer();
  const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi(production.url) });
  cleanups.push(() => production.close(), () => local.close(), folder.cleanup);
  return { production, local, file: join(folder.dir, 'flow.arazzo.yaml') };
}

describe('an unknown server override name', () => {
  it('loom run --server with a wrong-case name is a usage error (exit 2) naming the sources; nothing is sent', async () => {
    const { production, local, file } = await setup();
    const result = await runLoomInProcess(['run', file, '--server', `API=${local.url}`]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/'API'/);
    expect(result.stderr).toMatch(/\bapi\b/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(production.paths()).toEqual([]);
    expect(local.paths()).toEqual([]);
  });

  it('loom run --dry-run rejects it too', async () => {
    const { local, file } = await setup();
    const result = await runLoomInProcess(['run', file, '--dry-run', '--server', `Api=${local.url}`]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("did you mean 'api'");
  });

  it('run() with an unknown servers key throws LoomError LOOM_ERR_USAGE before anything is sent', async () => {
    const { production, local, file } = await setup();
    const loaded = await loadDocument(file);
    const error: unknown = await run(loaded, { servers: { API: local.url } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_USAGE');
    expect((error as Error).message).toContain("'API'");
    await expect(planRequests(loaded, { servers: { apii: local.url } })).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
    expect(production.paths()).toEqual([]);
    expect(local.paths()).toEqual([]);
  });

  it('a known name still sends every request to the override', async () => {
    const { production, local, file } = await setup();
    const result = await runLoomInProcess(['run', file, '--server', `api=${local.url}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(local.paths()).toEqual(['/one', '/two', '/three']);
    expect(production.paths()).toEqual([]);
  });

  it('the OpenAPI sources of an arazzo source document may be overridden; an arazzo source name may not', async () => {
    const production = await recordingServer();
    const local = await recordingServer();
    const folder = scratchFolder({
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: outer, version: 1.0.0 }
sourceDescriptions:
  - { name: shared, url: ./shared.arazzo.yaml, type: arazzo }
workflows:
  - workflowId: outer
    steps:
      - { stepId: call, workflowId: $sourceDescriptions.shared.flow }
`,
      'shared.arazzo.yaml': threeStepFlow(),
      'api.openapi.yaml': threeStepApi(production.url),
    });
    cleanups.push(() => production.close(), () => local.close(), folder.cleanup);
    const file = join(folder.dir, 'flow.arazzo.yaml');
    const refused = await runLoomInProcess(['run', file, '--server', `shared=${local.url}`]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('(its sources: api)');
    expect(local.paths()).toEqual([]);
    const result = await runLoomInProcess(['run', file, '--server', `api=${local.url}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(local.paths()).toEqual(['/one', '/two', '/three']);
    expect(production.paths()).toEqual([]);
  });
});
