import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintDocuments, loadLintRuleset } from '../../packages/spectral-ruleset/src/index.js';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';

/**
 * `loom lint` let Spectral resolve `$ref`s in the document with its own readers and parser:
 * any file (a FIFO, /dev/zero), no size cap, a referenced alias bomb parsed without limit, a
 * remote document reaching local files. Refs are now read as Loom's loader reads (D25) and
 * parsed by Loom first (D38).
 */
let scratch: string;
let server: LocalServer;
const requested: string[] = [];
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-lint-refs-'));
  server = await startServer((request, response) => {
    requested.push(request.url);
    response.setHeader('content-type', 'application/yaml');
    // A remote document that points at a local file.
    response.end(`thing: { $ref: 'file://${join(scratch, 'secret.yaml')}#/secret' }\n`);
  });
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

function aliasBomb(): string {
  let text = `x-a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
  const names = 'abcdefgh';
  for (let level = 1; level < 8; level++) text += `x-${names[level]}: &${names[level]} [${Array(9).fill(`*${names[level - 1]}`).join(', ')}]\n`;
  return text;
}

describe('loom lint resolves $refs as Loom reads documents', { timeout: 60_000 }, () => {
  it('a referenced alias bomb is refused by Loom’s parser; a plain referenced file still resolves', async () => {
    writeFileSync(join(scratch, 'bomb.yaml'), aliasBomb());
    writeFileSync(join(scratch, 'ok.yaml'), 'thing: { type: string }\n');
    const file = join(scratch, 'refs.arazzo.yaml');
    writeFileSync(
      file,
      `arazzo: 1.0.1
info: { title: refs, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        bomb: { $ref: './bomb.yaml#/x-a' }
        ok: { $ref: './ok.yaml#/thing' }
    steps:
      - { stepId: s, operationId: op }
`,
    );
    const { ruleset } = await loadLintRuleset({ cwd: scratch, loadSources: false });
    const started = Date.now();
    const report = await lintDocuments([file], ruleset);
    // A wall-clock bound has to stay: an alias bomb costs time and memory, not a wrong answer. Generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    const refs = report.diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-ref');
    expect(refs).toEqual([expect.objectContaining({ message: expect.stringMatching(/alias count/), range: expect.objectContaining({ start: expect.objectContaining({ line: 10 }) }) })]);
  });

  it('D25: a document read over http cannot reference a local file through lint either', async () => {
    writeFileSync(join(scratch, 'secret.yaml'), 'secret: { type: string, description: not for remote documents }\n');
    const file = join(scratch, 'remote.arazzo.yaml');
    writeFileSync(
      file,
      `arazzo: 1.0.1
info: { title: remote, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        remote: { $ref: '${server.url}/remote.yaml#/thing' }
    steps:
      - { stepId: s, operationId: op }
`,
    );
    const { ruleset } = await loadLintRuleset({ cwd: scratch, loadSources: false });
    const report = await lintDocuments([file], ruleset);
    expect(requested).toContain('/remote.yaml');
    const refs = report.diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-ref');
    // The file: ref is resolved against the remote document's URL: asked of the server, never read from disk.
    expect(requested).toContain(`${join(scratch, 'secret.yaml')}`);
    expect(refs.map((diagnostic) => diagnostic.message)).toEqual([expect.stringMatching(/'#\/secret' does not exist @ 'http:\/\/127\.0\.0\.1:\d+\/.*secret\.yaml'/)]);
    expect(JSON.stringify(report.diagnostics)).not.toContain('not for remote documents');
  });
});
