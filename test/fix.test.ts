import { chmodSync, copyFileSync, linkSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-loom.js';
import { runLoomInProcess } from './support/fake-context.js';

/**
 * `loom fix` and `loom lint --fix` (issue 11): certain fixes rewritten in place, the rest of
 * the file byte for byte; only the Arazzo files given are ever written.
 */
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const sources = join(repoRoot, 'packages/engine/test/fixtures/sources');

/** Two OpenAPI sources: getPet only in pets, adoptPet only in more, listPets in both. */
const FLOW = `# A flow written before Arazzo 1.0.1 asked for qualified operationIds.
arazzo: 1.0.1
info: { title: Two sources, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
  - { name: more, url: ./more-pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: main
    steps:
      # getPet is only in pets
      - stepId: one
        operationId: getPet   # bare
        parameters:
          - { name: petId, in: path, value: 1 }
      - stepId: two
        operationId: 'adoptPet'
`;

const FIXED = FLOW.replace('operationId: getPet   # bare', 'operationId: $sourceDescriptions.pets.getPet   # bare').replace(
  "operationId: 'adoptPet'",
  "operationId: '$sourceDescriptions.more.adoptPet'",
);

/** A scratch folder with the two OpenAPI files and `flow` as flow.arazzo.yaml. */
function scratch(flow: string | Buffer = FLOW): string {
  const folder = mkdtempSync(join(tmpdir(), 'loom-fix-cli-'));
  folders.push(folder);
  copyFileSync(join(sources, 'pets.openapi.yaml'), join(folder, 'pets.openapi.yaml'));
  copyFileSync(join(sources, 'more-pets.openapi.yaml'), join(folder, 'more-pets.openapi.yaml'));
  writeFileSync(join(folder, 'flow.arazzo.yaml'), flow);
  return folder;
}

/** Applies a unified diff with git apply (outside a repository it works as patch does), then reads the file. */
function applied(folder: string, diff: string): string {
  execFileSync('git', ['apply', '-'], { cwd: folder, input: diff });
  return readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8');
}

/** The file's mtime set an hour back, so that a rewrite shows even on a coarse clock. */
function backdate(path: string): number {
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(path, past, past);
  return statSync(path).mtimeMs;
}

describe('loom fix', () => {
  it('rewrites the fixable values in place, keeps comments and formatting, prints one line per fix, and a second run is a no-op', async () => {
    const folder = scratch();
    const file = join(folder, 'flow.arazzo.yaml');
    const first = await runLoomInProcess(['fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      [
        'flow.arazzo.yaml:12:22  operation-unqualified  write $sourceDescriptions.pets.getPet',
        'flow.arazzo.yaml:16:22  operation-unqualified  write $sourceDescriptions.more.adoptPet',
        'made 2 fixes in 1 file',
        '✔ 1 document valid',
        '',
      ].join('\n'),
    );
    expect(first.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(FIXED);

    const mtime = backdate(file);
    const second = await runLoomInProcess(['fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(second.stdout).toBe('nothing to fix\n✔ 1 document valid\n');
    expect(second.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('D54: a folder argument fixes every *.arazzo document under it; a folder with none is a usage error', async () => {
    const folder = scratch();
    copyFileSync(join(folder, 'flow.arazzo.yaml'), join(folder, 'other.arazzo.yaml'));
    const result = await runLoomInProcess(['fix', '.'], { cwd: folder });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('made 4 fixes in 2 files');
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(folder, 'other.arazzo.yaml'), 'utf8')).toBe(FIXED);
    const empty = mkdtempSync(join(tmpdir(), 'loom-fix-empty-'));
    folders.push(empty);
    const none = await runLoomInProcess(['fix', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no \*\.arazzo\.yaml/);
  });

  it('D49: a file with nothing to fix is not written (mtime and inode unchanged), and the OpenAPI sources never are', async () => {
    const folder = scratch(FIXED);
    const file = join(folder, 'flow.arazzo.yaml');
    const mtime = backdate(file);
    const inode = statSync(file).ino;
    const openapi = readFileSync(join(folder, 'pets.openapi.yaml'), 'utf8');
    const result = await runLoomInProcess(['fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(statSync(file).ino).toBe(inode);
    expect(readFileSync(join(folder, 'pets.openapi.yaml'), 'utf8')).toBe(openapi);
    expect(readdirSync(folder).sort()).toEqual(['flow.arazzo.yaml', 'more-pets.openapi.yaml', 'pets.openapi.yaml']);
  });

  it('keeps the file mode, CRLF line endings and a byte order mark, and leaves no temporary file behind', async () => {
    const crlf = FLOW.replace(/\n/g, '\r\n');
    const folder = scratch(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
    const file = join(folder, 'flow.arazzo.yaml');
    chmodSync(file, 0o640);
    const result = await runLoomInProcess(['fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(FIXED.replace(/\n/g, '\r\n'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(folder).sort()).toEqual(['flow.arazzo.yaml', 'more-pets.openapi.yaml', 'pets.openapi.yaml']);
  });

  it('--dry-run prints a unified diff that applies to the file, and writes nothing', async () => {
    const folder = scratch();
    const file = join(folder, 'flow.arazzo.yaml');
    const mtime = backdate(file);
    const result = await runLoomInProcess(['fix', '--dry-run', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('--- a/flow.arazzo.yaml\n+++ b/flow.arazzo.yaml\n@@ ')).toBe(true);
    expect(result.stderr).toContain('flow.arazzo.yaml:12:22  operation-unqualified  write $sourceDescriptions.pets.getPet\n');
    expect(result.stderr).toContain('would make 2 fixes in 1 file (dry run: nothing written)\n');
    expect(readFileSync(file, 'utf8')).toBe(FLOW);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(applied(folder, result.stdout)).toBe(FIXED);
  });

  it('exits 1 when errors are left after fixing, and lists them', async () => {
    const folder = scratch(FLOW.replace("operationId: 'adoptPet'", 'operationId: adoptPett'));
    const result = await runLoomInProcess(['fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('flow.arazzo.yaml:12:22  operation-unqualified  write $sourceDescriptions.pets.getPet\n');
    expect(result.stdout).toMatch(/flow\.arazzo\.yaml:16:22 {2}error {2}operation-unresolved {2}.*adoptPett/);
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toContain('operationId: $sourceDescriptions.pets.getPet   # bare');
  });

  it('D48: a symbolic link is neither followed nor replaced by a regular file; exit 2', async () => {
    const folder = scratch();
    symlinkSync('flow.arazzo.yaml', join(folder, 'link.arazzo.yaml'));
    const result = await runLoomInProcess(['fix', 'link.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'loom: fix: cannot fix link.arazzo.yaml: it is a symbolic link to flow.arazzo.yaml; loom fix writes no file through a link (DECISIONS D48): fix the file it points to\n',
    );
    expect(lstatSync(join(folder, 'link.arazzo.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FLOW);
  });

  it('D48: a file with several hard links is not rewritten; the other files given still are', async () => {
    const folder = scratch();
    linkSync(join(folder, 'flow.arazzo.yaml'), join(folder, 'other-name.arazzo.yaml'));
    writeFileSync(join(folder, 'single.arazzo.yaml'), FLOW);
    const result = await runLoomInProcess(['fix', 'flow.arazzo.yaml', 'single.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('loom: fix: cannot fix flow.arazzo.yaml: it has 2 hard links; replacing it would split them (DECISIONS D48)');
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FLOW);
    expect(readFileSync(join(folder, 'single.arazzo.yaml'), 'utf8')).toBe(FIXED);
  });

  it('loads as validate does: --source replaces a source description, and the fix follows what it defines', async () => {
    const folder = scratch(FLOW.replace('./more-pets.openapi.yaml', './moved-away.openapi.yaml'));
    const result = await runLoomInProcess(['fix', '--source', 'more=./more-pets.openapi.yaml', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FIXED.replace('./more-pets.openapi.yaml', './moved-away.openapi.yaml'));
  });

  it('keeps a JSON document JSON, in its own layout', async () => {
    const json = `{\n  "arazzo": "1.0.1",\n  "info": { "title": "Two sources", "version": "1" },\n  "sourceDescriptions": [\n    { "name": "pets", "url": "./pets.openapi.yaml", "type": "openapi" },\n    { "name": "more", "url": "./more-pets.openapi.yaml", "type": "openapi" }\n  ],\n  "workflows": [{ "workflowId": "main", "steps": [{ "stepId": "two", "operationId": "adoptPet" }] }]\n}\n`;
    const folder = scratch();
    writeFileSync(join(folder, 'flow.arazzo.json'), json);
    const result = await runLoomInProcess(['fix', 'flow.arazzo.json'], { cwd: folder });
    expect(result.code).toBe(0);
    const fixed = readFileSync(join(folder, 'flow.arazzo.json'), 'utf8');
    expect(fixed).toBe(json.replace('"operationId": "adoptPet"', '"operationId": "$sourceDescriptions.more.adoptPet"'));
    expect(() => JSON.parse(fixed) as unknown).not.toThrow();
  });

  it('a URL argument is a usage error, before anything is read', async () => {
    const result = await runLoomInProcess(['fix', 'https://127.0.0.1:9/flow.arazzo.yaml'], { cwd: scratch() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('loom: fix: https://127.0.0.1:9/flow.arazzo.yaml is a URL; fixes are written to local files only: download it and fix the copy\n');
  });

  it('--help documents the command and is listed in loom --help', async () => {
    const help = await runLoomInProcess(['fix', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: loom fix <file\.\.\.> \[options\]/);
    expect(help.stdout).toContain('--dry-run');
    expect((await runLoomInProcess(['--help'])).stdout).toMatch(/\n {2}fix +Rewrite the problems that have one certain fix, in place\n/);
  });
});

// Spectral takes seconds to load on a loaded machine: a generous bound for each lint run.
describe('loom lint --fix', { timeout: 60_000 }, () => {
  it('fixes in place, then lints what is left (stylish: the fix lines first)', async () => {
    const folder = scratch();
    const result = await runLoomInProcess(['lint', '--fix', 'flow.arazzo.yaml'], { cwd: folder });
    expect(result.stdout.startsWith('flow.arazzo.yaml:12:22  operation-unqualified  write $sourceDescriptions.pets.getPet\n')).toBe(true);
    expect(result.stdout).not.toMatch(/warning\s+operation-unqualified/);
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FIXED);
    expect(result.code).toBe(0);
  });

  it('with --format json, stdout is the lint report alone (the fix lines go to stderr)', async () => {
    const folder = scratch();
    const result = await runLoomInProcess(['lint', '--fix', '--format', 'json', 'flow.arazzo.yaml'], { cwd: folder });
    const report = JSON.parse(result.stdout) as unknown;
    expect(JSON.stringify(report)).not.toContain('operation-unqualified');
    expect(result.stderr).toContain('made 2 fixes in 1 file\n');
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FIXED);
  });

  it('--fix --dry-run prints the diff and writes nothing; --dry-run alone is a usage error', async () => {
    const folder = scratch();
    const dry = await runLoomInProcess(['lint', '--fix', '--dry-run', 'flow.arazzo.yaml'], { cwd: folder });
    expect(dry.code).toBe(0);
    expect(readFileSync(join(folder, 'flow.arazzo.yaml'), 'utf8')).toBe(FLOW);
    expect(applied(folder, dry.stdout)).toBe(FIXED);
    const alone = await runLoomInProcess(['lint', '--dry-run', 'flow.arazzo.yaml'], { cwd: folder });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('loom: lint: --dry-run goes with --fix\n');
  });
});
