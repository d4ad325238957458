import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCriterion } from '../../packages/expressions/src/index.js';
import { compileCriterion } from '../../packages/expressions/src/criteria/index.js';
import { lintDocument, loadDocument, run } from '../../packages/engine/src/index.js';
import { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * `^(a+)+$` against 'a' x 30 + '!' backtracks about 2^30 times in a backtracking
 * engine (V8's included): the run hung, and as JavaScript never yielded, neither
 * Ctrl-C nor --run-timeout could stop it. Regex criteria now run on a linear-time
 * engine (DECISIONS D34), and `loom lint` names such patterns.
 */
const EVIL = '^(a+)+$';
const TEXT = 'a'.repeat(30) + '!';

const api = `openapi: 3.1.0
info: { title: text, version: 1.0.0 }
servers: [{ url: https://text.example.invalid }]
paths:
  /text:
    get:
      operationId: getText
      responses: { '200': { description: ok } }
`;

// The criterion fails, and the step retries it every 50 ms for up to 10 s: a run that
// is still going when it is cancelled, evaluating the pattern again and again.
const flow = `arazzo: 1.0.1
info: { title: evil regex, version: 1.0.0 }
sourceDescriptions:
  - { name: text, url: ./text.openapi.yaml, type: openapi }
workflows:
  - workflowId: matchText
    steps:
      - stepId: read
        operationId: getText
        successCriteria:
          - context: $response.body
            condition: '${EVIL}'
            type: regex
        onFailure:
          - { name: again, type: retry, retryAfter: 0.05, retryLimit: 200 }
`;

let dir: string;
let server: LocalServer;

beforeAll(async () => {
  server = await startServer((_request, response) => {
    response.setHeader('content-type', 'text/plain');
    response.end(TEXT);
  });
  dir = await mkdtemp(join(tmpdir(), 'loom-regex-'));
  await writeFile(join(dir, 'text.openapi.yaml'), api);
  await writeFile(join(dir, 'flow.arazzo.yaml'), flow);
});

afterAll(async () => {
  await server.close();
});

/** Resolves when the server has answered at least `count` requests. */
async function requestsReceived(count: number): Promise<void> {
  await expect.poll(() => server.received.length, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(count);
}

describe('D34: catastrophic regex criteria are bounded', () => {
  it(`D34: ${EVIL} against 'a' x 30 + '!' finishes fast, false`, () => {
    const criterion = compileCriterion({ context: '$response.body', condition: EVIL, type: 'regex' });
    const started = performance.now();
    const result = evaluateCriterion(criterion, { response: { body: TEXT } });
    // Generous for a loaded machine; a backtracking engine takes many seconds here.
    expect(performance.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ passed: false });
  });

  it.each([
    ["match(@.text, '(a+)+')", 'match()'],
    ["search(@.text, '(a+)+$')", 'search()'],
    ['match(@.text, @.pattern)', 'match() with a pattern read from the response'],
  ])('D34: a jsonpath criterion with %s finishes fast (%s)', (filter) => {
    const criterion = compileCriterion({ context: '$response.body', condition: `$[?${filter}]`, type: 'jsonpath' });
    const started = performance.now();
    const result = evaluateCriterion(criterion, { response: { body: { text: TEXT, pattern: '(a+)+' } } });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ passed: false });
    expect(evaluateCriterion(criterion, { response: { body: { text: 'aaa', pattern: '(a+)+' } } })).toMatchObject({ passed: true });
  });

  it('D34: a document using a backreference fails validation at the construct, not at run time', async () => {
    await writeFile(join(dir, 'backreference.arazzo.yaml'), flow.replace(`'${EVIL}'`, `'(a)\\1'`));
    const loaded = await loadDocument(join(dir, 'backreference.arazzo.yaml'));
    expect(loaded.model).toBeUndefined();
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: 'criterion-invalid-regex',
        severity: 'error',
        path: '/workflows/0/steps/0/successCriteria/0/condition',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 12, column: 28 }) }),
      }),
    ]);
    expect(loaded.diagnostics[0]!.message).toMatch(/backreferences are not supported.*D34/);
  });

  it('D34: a run evaluating such a criterion is cancelled by its AbortSignal within a second', async () => {
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const controller = new AbortController();
    const before = server.received.length;
    const running = run(loaded, { servers: { text: server.url }, signal: controller.signal });
    await requestsReceived(before + 2);
    const aborted = performance.now();
    controller.abort();
    const result = await running;
    // The bound the issue sets: a cancelled run stops within a second.
    expect(performance.now() - aborted).toBeLessThan(1000);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/cancel/);
  });

  it('D34: --run-timeout ends such a run', async () => {
    const started = performance.now();
    const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--server', `text=${server.url}`, '--run-timeout', '400', '--json'], { cwd: dir });
    // Generous for a loaded machine; a hung criterion would never let the run end.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { status: string; error: { message: string } };
    expect(report.status).toBe('failure');
    expect(report.error.message).toMatch(/400 ms|time/);
  });

  it('D34: loom run stops on SIGINT within a second with exit 130', async () => {
    const bin = fileURLToPath(new URL('../../packages/cli/dist/bundle/loom.mjs', import.meta.url));
    const before = server.received.length;
    const child = spawn(process.execPath, [bin, 'run', 'flow.arazzo.yaml', '--server', `text=${server.url}`, '--json'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await requestsReceived(before + 2);
      const signalled = performance.now();
      child.kill('SIGINT');
      const code = await Promise.race([closed, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 3000))]);
      // The bound the issue sets: Ctrl-C stops a run within a second.
      expect(performance.now() - signalled).toBeLessThan(1000);
      expect(code).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('D35: loom lint warns about a pattern a ReDoS checker flags, at the condition', async () => {
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    const warnings = lintDocument(loaded).filter((diagnostic) => diagnostic.code === 'regex-redos');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', path: '/workflows/0/steps/0/successCriteria/0/condition' });
    expect(warnings[0]!.message).toContain(EVIL);
  });

  // `loom lint` loads Spectral (seconds on a loaded machine), hence the longer timeout.
  it('D35: `loom lint` reports it as loom-regex-redos, a warning', { timeout: 60_000 }, async () => {
    const result = await runLoomInProcess(['lint', 'flow.arazzo.yaml', '--format', 'json'], { cwd: dir });
    // DECISIONS D51: Spectral's JSON results; severity 1 is a warning, lines are 0-based.
    const results = JSON.parse(result.stdout) as { code: string; severity: number; range: { start: { line: number } } }[];
    expect(results.filter((found) => found.code === 'loom-regex-redos').map((found) => ({ severity: found.severity, line: found.range.start.line + 1 }))).toEqual([{ severity: 1, line: 12 }]);
    expect(result.code).toBe(0);
  });
});
