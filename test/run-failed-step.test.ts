import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from './support/fake-context.js';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';

/** loom run, human output: a failed step shows the criterion and the response that failed it, without --verbose. */

const SECRET = 'sk-live-0123456789';
const ESC = '\u001b';

const flow = (url: string) => `arazzo: 1.0.1
info: { title: failing, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        token: { type: string, format: password }
    steps:
      - stepId: fetch
        operationId: fetch
        parameters: [{ name: token, in: query, value: $inputs.token }]
        successCriteria: [{ condition: $statusCode == 200 }]
`.replace('URL', url);

const api = (url: string) => `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: '${url}' }]
paths:
  /fetch:
    get:
      operationId: fetch
      parameters: [{ name: token, in: query, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

describe('loom run: the response of a failed step (in process)', () => {
  let server: LocalServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer((_request, response) => {
      response.statusCode = 503;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      // The secret echoed back, an ESC sequence that would recolour the terminal, then more than 500 bytes.
      response.end(`denied for ${SECRET}: ${ESC}[31mred${ESC}[0m ${'é'.repeat(300)}END`);
    });
    dir = await mkdtemp(join(tmpdir(), 'loom-failed-step-'));
    await writeFile(join(dir, 'api.openapi.yaml'), api(server.url));
    await writeFile(join(dir, 'flow.arazzo.yaml'), flow(server.url));
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows the failed criterion, the status, content type and the first 500 bytes of the body, masked and escaped', async () => {
    const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const failed = lines.findIndex((line) => line.startsWith('✖ fetch'));
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(lines[failed + 1]).toBe('    $statusCode == 200: got 503');
    expect(lines[failed + 2]).toMatch(/^ {4}response 503 text\/plain; charset=utf-8, \d+ bytes$/);
    const excerpt = lines[failed + 3]!;
    expect(excerpt.startsWith('    denied for ****: \\x1b[31mred\\x1b[0m éé')).toBe(true);
    expect(excerpt.endsWith('é…')).toBe(true);
    expect(excerpt).not.toContain('END');
    // 500 bytes of the masked body: "denied for ****: " and the escape sequences as sent, then two-byte characters.
    const shown = excerpt.slice(4, -1).replace(/\\x1b/g, ESC);
    expect(Buffer.byteLength(shown)).toBeGreaterThan(490);
    expect(Buffer.byteLength(shown)).toBeLessThanOrEqual(500);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain(ESC);
  });

  it('--verbose shows the body whole instead, once; --show-secrets shows the secret', async () => {
    const verbose = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--verbose'], { cwd: dir });
    expect(verbose.stdout).toContain('END');
    expect(verbose.stdout).not.toMatch(/^ {4}response 503/m);
    const shown = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--show-secrets'], { cwd: dir });
    expect(shown.stdout).toMatch(new RegExp(`^ {4}denied for ${SECRET}: `, 'm'));
  });
});
