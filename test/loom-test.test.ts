import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Parser } from 'tap-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';
import { fakeContext, runLoomInProcess } from './support/fake-context.js';
import { main } from '../packages/cli/src/main.js';
import { runLoom } from './support/run-loom.js';

/**
 * `loom test` on test/fixtures/loom-test: passing workflows (one from the document, two input sets of
 * one workflow: x-loom-test and the inputs file), a failing one, one skipped for want of inputs and one
 * that fails once and then passes (flaky with --retries), all against a real local server.
 */
const folder = 'test/fixtures/loom-test';
let server: LocalServer;
let flakyCalls = 0;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/status') return json(200, { state: 'ready' });
    if (request.url === '/orders/slow') return void setTimeout(() => json(200, { id: 'slow', state: 'pending' }), 6000);
    if (request.method === 'POST' && request.url === '/orders') return json(201, { id: 'o-1', ...JSON.parse(request.body.toString()) });
    if (request.url === '/orders/o-1') return json(200, { id: 'o-1', state: 'pending' });
    if (request.url === '/flaky') return (flakyCalls += 1) === 1 ? json(503, { error: 'warming up' }) : json(200, { ok: true });
    json(404, {});
  });
});
afterAll(() => server.close());
beforeEach(() => {
  flakyCalls = 0;
});

const serverArgs = () => ['--server', `api=${server.url}`];

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'loom-test-'));
}

describe('loom test', () => {
  it('D84: a folder with passing, failing, skipped and flaky cases: the summary per case and step, exit 1', async () => {
    const result = await runLoomInProcess(['test', folder, ...serverArgs(), '--retries', '1', '--concurrency', '2']);
    expect(result.code, result.stderr).toBe(1);
    const out = result.stdout;
    expect(out).toContain('✔ test/fixtures/loom-test/pass.arazzo.yaml › status');
    expect(out).toContain('✔ test/fixtures/loom-test/pass.arazzo.yaml › placeOrder [one]');
    expect(out).toContain('✔ test/fixtures/loom-test/pass.arazzo.yaml › placeOrder [many]');
    expect(out).toContain('✖ test/fixtures/loom-test/fail.arazzo.yaml › orderShipped');
    // The failed criterion with the value seen, and the response that failed it.
    expect(out).toMatch(/\$response\.body#\/state == 'shipped'.*pending/);
    expect(out).toContain('response 200 application/json');
    expect(out).toContain('{"id":"o-1","state":"pending"}');
    expect(out).toContain('↷ test/fixtures/loom-test/skip.arazzo.yaml › needsToken');
    expect(out).toContain('skipped: requires inputs (token) and none are given');
    expect(out).toContain('⚠ test/fixtures/loom-test/flaky.arazzo.yaml › eventually');
    expect(out).toContain('flaky: passed on run 2 of 2');
    expect(out).toMatch(/3 passed, 1 failed, 1 skipped, 1 flaky \(6 cases\)/);
    // The inputs of each set were sent.
    const bodies = server.received.filter((request) => request.method === 'POST').map((request) => JSON.parse(request.body.toString()));
    expect(bodies).toEqual(expect.arrayContaining([{ item: 'pen', quantity: 1 }, { item: 'pen', quantity: 12 }]));
  });

  it('D84: without --retries a case that fails once fails; all passing exits 0', async () => {
    const flaky = await runLoomInProcess(['test', `${folder}/flaky.arazzo.yaml`, ...serverArgs()]);
    expect(flaky.code).toBe(1);
    flakyCalls = 1;
    const passing = await runLoomInProcess(['test', `${folder}/pass.arazzo.yaml`, `${folder}/flaky.arazzo.yaml`, ...serverArgs()]);
    expect(passing.code, passing.stdout).toBe(0);
    expect(passing.stdout).toMatch(/4 passed, 0 failed, 0 skipped, 0 flaky/);
  });

  it('D83: a workflow that requires inputs and has none is skipped with the reason; skips alone exit 0', async () => {
    const result = await runLoomInProcess(['test', folder, '--workflow', 'needsToken', ...serverArgs()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('skipped: requires inputs (token) and none are given: add them to test/fixtures/loom-test/skip.arazzo.inputs.yaml');
  });

  it('--grep picks cases by name, --workflow by workflowId', async () => {
    const grep = await runLoomInProcess(['test', folder, '--grep', 'placeOrder \\[many', ...serverArgs()]);
    expect(grep.code).toBe(0);
    expect(grep.stdout).toMatch(/1 passed, 0 failed, 0 skipped, 0 flaky \(1 case\)/);
    const none = await runLoomInProcess(['test', folder, '--workflow', 'nothing', ...serverArgs()]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no case matches --workflow nothing');
  });

  it('--bail starts no case after a failure', async () => {
    const result = await runLoomInProcess(['test', `${folder}/fail.arazzo.yaml`, `${folder}/pass.arazzo.yaml`, ...serverArgs(), '--bail', '--concurrency', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/0 passed, 1 failed, 3 skipped/);
    expect(result.stdout).toContain('skipped: not run: --bail after a failed case');
  });

  it('--timeout ends a case that runs too long: it fails, the others run', async () => {
    const dir = await tempDir();
    await copyFile(`${folder}/api.openapi.yaml`, join(dir, 'api.openapi.yaml'));
    await writeFile(join(dir, 'slow.arazzo.yaml'), (await readFile(`${folder}/fail.arazzo.yaml`, 'utf8')).replace('value: o-1', 'value: slow'));
    await copyFile(`${folder}/pass.arazzo.yaml`, join(dir, 'pass.arazzo.yaml'));
    const started = Date.now();
    // 1.5 s against a server that answers after 6 s: well apart even on a loaded machine.
    const result = await runLoomInProcess(['test', dir, ...serverArgs(), '--timeout', '1500', '--reporter', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary, JSON.stringify(report.cases.map((entry: { message?: string }) => entry.message))).toMatchObject({ passed: 2, failed: 1 });
    expect(report.cases.find((entry: { status: string }) => entry.status === 'failed').id).toMatch(/slow\.arazzo\.yaml › orderShipped$/);
    expect(Date.now() - started).toBeLessThan(5500);
  });

  it('usage errors exit 2', async () => {
    for (const args of [['--reporter', 'xml'], ['--reporter', 'tap', '--reporter', 'json'], ['--concurrency', '0'], ['--grep', '(']]) {
      const result = await runLoomInProcess(['test', folder, ...serverArgs(), ...args]);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });

  it('writes JUnit (parsed as XML), TAP (parsed with tap-parser), JSON (checked against its schema) and GitHub annotations at once', async () => {
    const dir = await tempDir();
    const result = await runLoomInProcess(['test', folder, ...serverArgs(), '--retries', '1', '--reporter', `junit=${join(dir, 'junit.xml')}`, '--reporter', `json=${join(dir, 'report.json')}`, '--reporter', 'tap', '--reporter', `github-actions`]);
    expect(result.code).toBe(1);

    // TAP on stdout, the GitHub annotations after it; the summary moved to stderr.
    expect(result.stderr).toMatch(/3 passed, 1 failed, 1 skipped, 1 flaky/);
    const [tap, annotations] = splitAnnotations(result.stdout);
    const parsed = await parseTap(tap);
    expect(parsed.final).toMatchObject({ ok: false, count: 6, pass: 5, fail: 1, skip: 1 });
    expect(parsed.final.failures[0]!.name).toBe('test/fixtures/loom-test/fail.arazzo.yaml › orderShipped');
    expect(parsed.final.failures[0]!.diag).toMatchObject({ runs: 2 });
    expect(String((parsed.final.failures[0]!.diag as { details: string }).details)).toContain("'pending'");
    expect(parsed.final.skips[0]!.skip).toContain('requires inputs (token)');
    expect(parsed.asserts.find((point) => point.name.includes('eventually'))!.name).toContain('(flaky)');

    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(/^::error file=test\/fixtures\/loom-test\/fail\.arazzo\.yaml,line=6,title=loom test%3A test\/fixtures\/loom-test\/fail\.arazzo\.yaml › orderShipped::step readOrder failed with status 200%0A/);
    expect(annotations[1]).toMatch(/^::warning file=test\/fixtures\/loom-test\/flaky\.arazzo\.yaml,line=6,title=.*\(flaky\)::flaky: passed on run 2 of 2/);

    const xml = new DOMParser().parseFromString(await readFile(join(dir, 'junit.xml'), 'utf8'), 'text/xml');
    const cases = Array.from(xml.getElementsByTagName('testcase'));
    expect(cases.map((testCase) => testCase.getAttribute('name')).sort()).toEqual(['eventually', 'needsToken', 'orderShipped', 'placeOrder [many]', 'placeOrder [one]', 'status']);
    const failure = cases.find((testCase) => testCase.getAttribute('name') === 'orderShipped')!.getElementsByTagName('failure')[0]!;
    expect(failure.textContent).toContain("'pending'");
    expect(cases.find((testCase) => testCase.getAttribute('name') === 'needsToken')!.getElementsByTagName('skipped')[0]!.getAttribute('message')).toContain('requires inputs');
    expect(cases.find((testCase) => testCase.getAttribute('name') === 'eventually')!.getElementsByTagName('system-out')[0]!.textContent).toContain('flaky');

    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    const schema = JSON.parse(await readFile('packages/cli/schemas/test-report.schema.json', 'utf8'));
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary).toMatchObject({ total: 6, passed: 3, failed: 1, skipped: 1, flaky: 1 });
    expect(report.cases.find((entry: { workflowId: string; inputSet?: string }) => entry.workflowId === 'placeOrder' && entry.inputSet === 'many').outputs).toEqual({ id: 'o-1' });
  });

  it('D83: the inputs file format has a JSON Schema', async () => {
    const schema = JSON.parse(await readFile('packages/cli/schemas/test-inputs.schema.json', 'utf8'));
    const validate = new Ajv2020({ strict: true }).compile(schema);
    expect(validate({ workflows: { placeOrder: { many: { inputs: { item: 'pen' } } } } })).toBe(true);
    expect(validate({ workflows: { placeOrder: { many: { input: {} } } } })).toBe(false);
  });

  it('D83: an inputs file that names an unknown workflow fails its document; a document with errors is a failed case; the others still run', async () => {
    const dir = await tempDir();
    await copyFile(`${folder}/api.openapi.yaml`, join(dir, 'api.openapi.yaml'));
    await copyFile(`${folder}/pass.arazzo.yaml`, join(dir, 'pass.arazzo.yaml'));
    await writeFile(join(dir, 'pass.arazzo.inputs.yaml'), 'workflows:\n  placeOrdr:\n    one: { inputs: { item: pen } }\n');
    await writeFile(join(dir, 'broken.arazzo.yaml'), 'arazzo: 1.0.1\ninfo: { title: broken, version: 1.0.0 }\n');
    await copyFile(`${folder}/flaky.arazzo.yaml`, join(dir, 'flaky.arazzo.yaml'));
    flakyCalls = 1;
    const result = await runLoomInProcess(['test', dir, ...serverArgs()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("pass.arazzo.inputs.yaml: no workflow 'placeOrdr' in");
    expect(result.stdout).toMatch(/✖ .*broken\.arazzo\.yaml\n/);
    expect(result.stdout).toMatch(/✔ .*flaky\.arazzo\.yaml › eventually/);
    expect(result.stdout).toMatch(/1 passed, 2 failed, 0 skipped, 0 flaky/);
  });

  it('--report html=<file>: one page with every case, passed, failed, skipped, flaky and not run, each run with its steps', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'broken.arazzo.yaml'), 'arazzo: 1.0.1\ninfo: { title: broken, version: 1.0.0 }\n');
    const result = await runLoomInProcess(['test', folder, join(dir, 'broken.arazzo.yaml'), ...serverArgs(), '--retries', '1', '--report', `html=${join(dir, 'report.html')}`]);
    expect(result.code, result.stderr).toBe(1);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|iframe|img)\b/i);
    // One section per case, in the order of the summary, each headed by its case name and status.
    const headings = [...html.matchAll(/<h2 id="[^"]+">(.*?) <span class="badge status-(\w+)">/g)].map(([, title, status]) => `${status} ${title}`);
    expect(headings).toEqual([
      expect.stringMatching(/^failure test\/fixtures\/loom-test\/fail\.arazzo\.yaml › orderShipped$/),
      'success test/fixtures/loom-test/flaky.arazzo.yaml › eventually (flaky: passed on run 2 of 2 after 1 failed run)',
      'success test/fixtures/loom-test/pass.arazzo.yaml › status',
      'success test/fixtures/loom-test/pass.arazzo.yaml › placeOrder [one]',
      'success test/fixtures/loom-test/pass.arazzo.yaml › placeOrder [many]',
      'skipped test/fixtures/loom-test/skip.arazzo.yaml › needsToken',
      expect.stringMatching(/^failure .*broken\.arazzo\.yaml$/),
    ]);
    expect(html.match(/<section class="run"/g)).toHaveLength(7);
    // Every run has its graph and steps; the failed criterion shows the value it saw.
    expect(html.match(/<svg class="flow"/g)).toHaveLength(5);
    expect(html).toMatch(/\$response\.body#\/state == &#39;shipped&#39;|\$response\.body#\/state == 'shipped'/);
    expect(html).toContain('requires inputs (token) and none are given');
    expect(html).toContain(`POST ${server.url}/orders`);
    // A case that did not run is a failure with its reason, not a blank.
    expect(html).toMatch(/<p class="error">[^<]*broken\.arazzo\.yaml/);
    // The summary and exit code are those of a run without the report.
    expect(result.stdout).toMatch(/3 passed, 2 failed, 1 skipped, 1 flaky \(7 cases\)/);
  });

  it('--report takes html only; the other kinds are --reporter\'s', async () => {
    const result = await runLoomInProcess(['test', folder, ...serverArgs(), '--report', 'junit=x.xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("loom: test: --report kinds are html, got 'junit' (junit, tap, json and github-actions are --reporter's)\n");
  });

  it('D87: --watch runs again the cases of the document whose inputs file changed, and only those, until Ctrl-C', async () => {
    const dir = await tempDir();
    for (const name of ['api.openapi.yaml', 'pass.arazzo.yaml', 'pass.arazzo.inputs.yaml', 'flaky.arazzo.yaml']) await copyFile(`${folder}/${name}`, join(dir, name));
    flakyCalls = 1;
    const context = fakeContext();
    const done = main(['test', dir, '--watch', ...serverArgs()], context);
    const watching = () => context.stdoutText().split('for changes; Ctrl-C ends').length - 1;
    await until(() => watching() === 1);
    expect(context.stdoutText()).toMatch(/4 passed, 0 failed/);
    await writeFile(join(dir, 'pass.arazzo.inputs.yaml'), 'workflows:\n  placeOrder:\n    many: { inputs: { item: pen, quantity: 99 } }\n');
    await until(() => watching() === 2);
    const rerun = context.stdoutText().split('for changes; Ctrl-C ends')[1]!;
    expect(rerun).toContain('pass.arazzo.inputs.yaml changed: running the cases of 1 document again');
    expect(rerun).toContain('pass.arazzo.yaml › placeOrder [many]');
    expect(rerun).not.toContain('flaky.arazzo.yaml');
    // The totals are of every case, the latest result of each.
    expect(rerun).toMatch(/4 passed, 0 failed/);
    expect(server.received.some((request) => request.method === 'POST' && JSON.parse(request.body.toString()).quantity === 99)).toBe(true);
    context.sendSignal('SIGINT');
    expect(await done).toBe(130);
  });

  it('writes a trace of each case with --trace-dir, which loom replay runs offline', async () => {
    const dir = await tempDir();
    const result = await runLoomInProcess(['test', `${folder}/pass.arazzo.yaml`, ...serverArgs(), '--trace-dir', dir]);
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([
      'test_fixtures_loom-test_pass.arazzo.yaml--placeOrder--many.trace.jsonl',
      'test_fixtures_loom-test_pass.arazzo.yaml--placeOrder--one.trace.jsonl',
      'test_fixtures_loom-test_pass.arazzo.yaml--status.trace.jsonl',
    ]);
    const received = server.received.length;
    const replayed = await runLoomInProcess(['replay', join(dir, 'test_fixtures_loom-test_pass.arazzo.yaml--placeOrder--many.trace.jsonl')]);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('placeOrder: 1 request and the outputs as recorded');
    // Offline: the server heard nothing more.
    expect(server.received.length).toBe(received);
  });

  it('the bundle runs loom test', async () => {
    const result = await runLoom(['test', `${folder}/pass.arazzo.yaml`, ...serverArgs(), '--reporter', 'tap']);
    expect(result.code, result.stderr).toBe(0);
    expect((await parseTap(result.stdout)).final).toMatchObject({ ok: true, count: 3, pass: 3 });
  });
});

/** Waits for `condition`; generous, as the machine running the tests may be loaded and file events take their time. */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function splitAnnotations(stdout: string): [tap: string, annotations: string[]] {
  const lines = stdout.split('\n');
  return [lines.filter((line) => !line.startsWith('::')).join('\n'), lines.filter((line) => line.startsWith('::'))];
}

async function parseTap(text: string) {
  const asserts: { name: string; ok: boolean }[] = [];
  const final = await new Promise<InstanceType<typeof import('tap-parser').FinalResults>>((resolve) => {
    const parser = new Parser({ passes: true }, resolve);
    parser.on('assert', (point: { name: string; ok: boolean }) => asserts.push(point));
    parser.end(text);
  });
  return { final, asserts };
}
