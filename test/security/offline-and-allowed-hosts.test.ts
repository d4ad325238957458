/**
 * DECISIONS D25 (`--offline`) and D36 (`--allow-host`): where documents may be read from, on every
 * command that loads documents and in the API, and the whole-request time limit for reading them
 * (`--timeout`). A local node:http server records what reaches it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';
import { serveDocuments } from './document-server.js';

let scratch = '';
let server: LocalServer;
let documents: Record<string, string> = {};
let redirects: Record<string, string> = {};
/** Requests to these paths get no answer (until the server closes). */
const silent = new Set(['/silent.yaml']);

const OPENAPI = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:1' }]
paths:
  /ping:
    get:
      operationId: ping
      responses: { '200': { description: ok } }
`;

function arazzo(...sources: string[]): string {
  return `arazzo: 1.0.1
info: { title: t, version: 1.0.0 }
sourceDescriptions:
${sources.map((url, index) => `  - { name: api${index}, url: '${url}', type: openapi }`).join('\n')}
workflows:
  - workflowId: w
    steps:
      - { stepId: s, operationId: '$sourceDescriptions.api0.ping' }
`;
}

function fill(text: string): string {
  return text.replaceAll('{{server}}', server.url).replaceAll('{{localhost}}', `http://localhost:${server.port}`);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-offline-'));
  server = await startServer(serveDocuments(() => ({ documents, redirects, silent }), fill));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  server.received.length = 0;
  documents = { '/openapi.yaml': OPENAPI };
  redirects = {};
});

function paths(): string[] {
  return server.received.map((request) => request.url).sort();
}

/** A local Arazzo document whose one source is on the local server. */
function localDocumentWithRemoteSource(): string {
  const file = join(scratch, 'remote-source.arazzo.yaml');
  writeFileSync(file, arazzo(`${server.url}/openapi.yaml`));
  return file;
}

describe('D25: --offline / offline: true', () => {
  it('D25: every command that loads documents refuses a remote source naming --offline, and sends nothing', async () => {
    const file = localDocumentWithRemoteSource();
    for (const command of ['validate', 'run', 'list', 'describe', 'graph', 'types', 'lint']) {
      const result = await runLoomInProcess([command, file, '--offline'], { cwd: scratch });
      expect(result.code, `${command}: ${result.stdout}${result.stderr}`).toBe(command === 'validate' || command === 'lint' ? 1 : 2);
      expect(`${result.stdout}${result.stderr}`, command).toContain('the network is off (--offline)');
    }
    expect(paths()).toEqual([]);
  }, 90_000);

  it('D25: a remote root document with --offline is one clear line, exit 2, and no request', async () => {
    documents['/flow.arazzo.yaml'] = arazzo('./openapi.yaml');
    const result = await runLoomInProcess(['run', `${server.url}/flow.arazzo.yaml`, '--offline'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`loom: cannot read ${server.url}/flow.arazzo.yaml: the network is off (--offline)`);
    expect(paths()).toEqual([]);
  });

  it('D25: the API: offline: true makes a remote document a LOOM_ERR_READ and a remote source a diagnostic; local files still load', async () => {
    documents['/flow.arazzo.yaml'] = arazzo('./openapi.yaml');
    const error = await loadDocument(`${server.url}/flow.arazzo.yaml`, { offline: true }).catch((thrown: unknown) => thrown as Error & { code?: string });
    expect(error).toMatchObject({ code: 'LOOM_ERR_READ' });
    const loaded = await loadDocument(localDocumentWithRemoteSource(), { offline: true });
    expect(loaded.diagnostics.find((diagnostic) => diagnostic.code === 'source-unreadable')?.message).toContain('--offline');
    expect(paths()).toEqual([]);
    // Without the option the same document loads from the server.
    expect((await loadDocument(localDocumentWithRemoteSource())).model).toBeDefined();
    expect(paths()).toEqual(['/openapi.yaml']);
  });
});

describe('D36: --allow-host / allowHosts', () => {
  it('D36: 127.0.0.1 allowed, localhost refused: the allowed source is read, the other never requested', async () => {
    documents['/flow.arazzo.yaml'] = arazzo('{{server}}/openapi.yaml', '{{localhost}}/other.yaml');
    const loaded = await loadDocument(`${server.url}/flow.arazzo.yaml`, { allowHosts: ['127.0.0.1'] });
    const refused = loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'source-unreadable');
    expect(refused.map((diagnostic) => diagnostic.path)).toEqual(['/sourceDescriptions/1/url']);
    expect(refused[0]!.message).toContain(`host 'localhost:${server.port}' is not an allowed host (--allow-host; allowed: 127.0.0.1)`);
    expect(paths()).toEqual(['/flow.arazzo.yaml', '/openapi.yaml']);
  });

  it('D36: loom run with --allow-host localhost refuses a document on 127.0.0.1 before any request, exit 2', async () => {
    documents['/flow.arazzo.yaml'] = arazzo('./openapi.yaml');
    const refused = await runLoomInProcess(['run', `${server.url}/flow.arazzo.yaml`, '--allow-host', 'localhost', '--dry-run'], { cwd: scratch });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("host '127.0.0.1");
    expect(refused.stderr).toContain('--allow-host');
    expect(paths()).toEqual([]);

    const allowed = await runLoomInProcess(['run', `${server.url}/flow.arazzo.yaml`, '--allow-host', 'localhost', '--allow-host', `127.0.0.1:${server.port}`, '--dry-run'], { cwd: scratch });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(paths()).toEqual(['/flow.arazzo.yaml', '/openapi.yaml']);
  });

  it('D36: each redirect hop is checked: a redirect from an allowed host to another host is refused', async () => {
    redirects['/moved.yaml'] = '{{localhost}}/openapi.yaml';
    documents['/flow.arazzo.yaml'] = arazzo('./moved.yaml');
    const loaded = await loadDocument(`${server.url}/flow.arazzo.yaml`, { allowHosts: ['127.0.0.1'] });
    expect(loaded.diagnostics.find((diagnostic) => diagnostic.code === 'source-unreadable')?.message).toContain('is not an allowed host');
    expect(paths()).toEqual(['/flow.arazzo.yaml', '/moved.yaml']);
  });

  it('D36: a URL given to --allow-host is a usage error, exit 2', async () => {
    const result = await runLoomInProcess(['validate', localDocumentWithRemoteSource(), '--allow-host', 'http://127.0.0.1/'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--allow-host');
    expect(result.stderr).toContain('not a host name');
    expect(paths()).toEqual([]);
  });
});

describe('--timeout bounds reading a remote document', () => {
  it('loom validate and loom lint --timeout: a source that never answers is source-unreadable within the limit', async () => {
    const file = join(scratch, 'silent-source.arazzo.yaml');
    writeFileSync(file, arazzo(`${server.url}/silent.yaml`));
    for (const command of ['validate', 'lint']) {
      const started = Date.now();
      const result = await runLoomInProcess([command, file, '--timeout', '300'], { cwd: scratch });
      // Generous for a loaded machine (lint starts Spectral); without the option the read would wait 30 s.
      expect(Date.now() - started, command).toBeLessThan(20_000);
      expect(result.code, command).toBe(1);
      expect(result.stdout, command).toContain('no answer within 300 ms');
    }
  }, 60_000);

  it('the API: timeoutMs bounds the read; a bad value is LOOM_ERR_USAGE', async () => {
    const file = join(scratch, 'silent-source-api.arazzo.yaml');
    writeFileSync(file, arazzo(`${server.url}/silent.yaml`));
    const loaded = await loadDocument(file, { timeoutMs: 200 });
    expect(loaded.diagnostics.find((diagnostic) => diagnostic.code === 'source-unreadable')?.message).toContain('no answer within 200 ms');
    await expect(loadDocument(file, { timeoutMs: -1 })).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
  });
});
