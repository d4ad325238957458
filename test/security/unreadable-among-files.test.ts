import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { runLoom } from '../support/run-loom.js';
import { scratchFolder, threeStepApi, threeStepFlow } from './cli-process-support.js';

/** `loom validate a.yaml missing.yaml b.yaml` used to print only the unreadable file and drop the other results. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folderWithThree() {
  const folder = scratchFolder({
    'good.arazzo.yaml': threeStepFlow(),
    'bad.arazzo.yaml': threeStepFlow().replace('operationId: getTwo', 'operationId: getNothing'),
    'api.openapi.yaml': threeStepApi('http://127.0.0.1:9'),
  });
  cleanups.push(folder.cleanup);
  return folder.dir;
}

describe('every file is reported; the exit code is the worst', () => {
  it('loom validate good missing bad: the diagnostics of bad, the unreadable file on stderr, exit 2', async () => {
    const dir = folderWithThree();
    const result = await runLoomInProcess(['validate', 'good.arazzo.yaml', 'missing.arazzo.yaml', 'bad.arazzo.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.arazzo.yaml');
    expect(result.stdout).toMatch(/bad\.arazzo\.yaml:\d+:\d+ +error +operation-id-unresolved|bad\.arazzo\.yaml:\d+:\d+ +error .*getNothing/);
    expect(result.stdout).toContain('1 error');
  });

  it('loom validate with only unreadable files: each on stderr, no summary, exit 2', async () => {
    const dir = folderWithThree();
    // A process: the engine's read errors name a file relative to process.cwd(), not to the
    // command's working folder, so in process these paths would be absolute.
    const result = await runLoom(['validate', 'missing.arazzo.yaml', 'also-missing.arazzo.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'loom: validate: cannot read missing.arazzo.yaml: no such file',
      'loom: validate: cannot read also-missing.arazzo.yaml: no such file',
    ]);
    expect(result.stdout).toBe('');
  });

  it('loom validate --format json: one JSON report with the unreadable file in it, exit 2', async () => {
    const dir = folderWithThree();
    const result = await runLoomInProcess(['validate', 'good.arazzo.yaml', 'missing.arazzo.yaml', 'bad.arazzo.yaml', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { file: string; code: string; message: string }[] };
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((diagnostic) => diagnostic.file).sort()).toEqual(['bad.arazzo.yaml', 'missing.arazzo.yaml']);
    expect(report.diagnostics.find((diagnostic) => diagnostic.file === 'missing.arazzo.yaml')).toMatchObject({ code: 'document-unreadable', message: expect.stringContaining('no such file') as string });
  });

  it('loom lint good missing bad: the results of bad, the unreadable file on stderr, exit 2', async () => {
    const dir = folderWithThree();
    const result = await runLoomInProcess(['lint', 'good.arazzo.yaml', 'missing.arazzo.yaml', 'bad.arazzo.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.arazzo.yaml');
    expect(result.stdout).toContain('bad.arazzo.yaml');
    expect(result.stdout).toContain('getNothing');
  });

  it('loom lint good /dev/zero bad: a file found unreadable while reading (a device) is reported, the others still linted, exit 2', async () => {
    const dir = folderWithThree();
    const result = await runLoomInProcess(['lint', 'good.arazzo.yaml', '/dev/zero', 'bad.arazzo.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^loom: lint: cannot read \/dev\/zero: not a regular file/)]);
    expect(result.stdout).toContain('bad.arazzo.yaml');
    expect(result.stdout).toContain('getNothing');
  });
});
