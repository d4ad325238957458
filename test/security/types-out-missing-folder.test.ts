import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { scratchFolder, threeStepApi, threeStepFlow } from './cli-process-support.js';

/** `loom types --out` into a folder that does not exist used to be an internal error (exit 70). */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('D41: loom types --out', () => {
  it('D41: creates the missing folders of --out', async () => {
    const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi('http://127.0.0.1:9') });
    cleanups.push(folder.cleanup);
    const out = join(folder.dir, 'src', 'generated', 'workflows.ts');
    const result = await runLoomInProcess(['types', join(folder.dir, 'flow.arazzo.yaml'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('export interface Workflows');
  });

  it('D41: an --out that cannot be written (a folder, or under a file) is a usage error, exit 2, one line', async () => {
    const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi('http://127.0.0.1:9') });
    cleanups.push(folder.cleanup);
    mkdirSync(join(folder.dir, 'taken'));
    for (const out of [join(folder.dir, 'taken'), join(folder.dir, 'flow.arazzo.yaml', 'types.ts')]) {
      const result = await runLoomInProcess(['types', join(folder.dir, 'flow.arazzo.yaml'), '--out', out]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^loom: types: cannot write /);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(folder.dir, 'taken', 'types.ts'))).toBe(false);
  });
});
