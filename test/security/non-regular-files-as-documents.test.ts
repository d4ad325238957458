/**
 * DECISIONS D25: only regular files are read, and the size cap holds while reading.
 * What broke: `/dev/zero` as a document or source was read until memory ran out (its size
 * says 0), and a FIFO hung Loom forever waiting for a writer. Each must be a clear error, fast.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';
import { readResource } from '../../packages/engine/src/sources/read-resource.js';
import { runLoomInProcess } from '../support/fake-context.js';

let scratch = '';
let socketServer: Server;
const fifo = () => join(scratch, 'pipe.yaml');
const socket = () => join(scratch, 'socket.yaml');

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-special-files-'));
  execFileSync('mkfifo', [fifo()]);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(socket(), resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

const specialFiles = [
  { name: '/dev/zero', path: () => '/dev/zero', kind: 'a character device' },
  { name: 'a FIFO', path: fifo, kind: 'not a regular file' },
  { name: 'a unix socket', path: socket, kind: 'not a regular file' },
] as const;

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & { code?: string },
  );
}

// Wall-clock bounds stay because a hang is the bug; they are generous for a loaded machine.
const FAST_MS = 5_000;

describe('D25: only regular files are read', () => {
  it.each(specialFiles)('D25: $name as a document is a clear error, fast, with bounded memory', async ({ path, kind }) => {
    expect(existsSync(path())).toBe(true);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const error = await failure(loadDocument(path()));
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toContain(kind);
    // Nothing was read: far less than the 20 MiB size cap.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it.each(specialFiles)('D25: $name as a source description is source-unreadable at its url, fast', async ({ path, kind }) => {
    const document = join(scratch, `with-special-source-${path().replace(/\W/g, '')}.arazzo.yaml`);
    writeFileSync(
      document,
      `arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions:\n  - { name: api, url: '${pathToFileURL(path()).href}', type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: x }\n`,
    );
    const started = Date.now();
    const loaded = await loadDocument(document);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    const unreadable = loaded.diagnostics.find((diagnostic) => diagnostic.code === 'source-unreadable');
    expect(unreadable?.path).toBe('/sourceDescriptions/0/url');
    expect(unreadable?.message).toContain(kind);
  });

  it('D25: a $ref to /dev/zero in a local OpenAPI is an unresolved $ref, not a read', async () => {
    const openapi = join(scratch, 'zero-ref.openapi.yaml');
    writeFileSync(openapi, `openapi: 3.1.0\ninfo: { title: t, version: 1.0.0 }\npaths:\n  /x: { $ref: 'file:///dev/zero' }\n`);
    const document = join(scratch, 'zero-ref.arazzo.yaml');
    writeFileSync(document, `arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions:\n  - { name: api, url: ./zero-ref.openapi.yaml, type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: x }\n`);
    const loaded = await loadDocument(document);
    const unresolved = loaded.diagnostics.find((diagnostic) => diagnostic.code === 'openapi-ref-unresolved');
    expect(unresolved?.message).toContain('a character device');
  });

  it('D25: the size cap holds for a regular file too (read, not only stat)', async () => {
    const big = join(scratch, 'big.yaml');
    writeFileSync(big, Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
    const error = await failure(readResource(pathToFileURL(big).href));
    expect(error.message).toMatch(/larger than 20 MiB$/);
  });

  it('D25: loom validate and loom lint refuse a FIFO and /dev/zero with one line and exit 2', async () => {
    for (const command of ['validate', 'lint']) {
      for (const path of ['/dev/zero', fifo()]) {
        const started = Date.now();
        const result = await runLoomInProcess([command, path], { cwd: scratch });
        // Spectral's start-up included, for lint; a read of /dev/zero or a FIFO without the check never ends.
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(result.code, `${command} ${path}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toContain('not a regular file');
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      }
    }
  }, 60_000);

  it('D25: loom run --inputs refuses /dev/zero and a FIFO with one line and exit 2, and stdin is capped too', async () => {
    writeFileSync(join(scratch, 'flow.arazzo.yaml'), 'arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions: []\nworkflows: []\n');
    for (const path of ['/dev/zero', fifo()]) {
      const started = Date.now();
      const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--inputs', path], { cwd: scratch });
      // Generous for a loaded machine; a read of /dev/zero or a FIFO without the check never ends.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.code, `--inputs ${path}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain('not a regular file');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const flood = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--inputs', '-'], { cwd: scratch, stdin: ' '.repeat(21 * 1024 * 1024) });
    expect(flood.code, flood.stderr).toBe(2);
    expect(flood.stderr.trim()).toBe('loom: run: --inputs - is larger than 20 MiB');
  }, 60_000);
});
