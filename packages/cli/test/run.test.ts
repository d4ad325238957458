import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeContext, runLoomInProcess } from '../../../test/support/fake-context.js';
import { main } from '../src/main.js';
import { startServer, type LocalServer } from '../../engine/test/http/local-server.js';

const SECRET = 'sk-live-0123456789';

const api = `openapi: 3.1.0
info: { title: orders, version: 1.0.0 }
servers: [{ url: https://orders.example.invalid }]
paths:
  /orders:
    post:
      operationId: createOrder
      responses: { '201': { description: created } }
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

const flow = `arazzo: 1.0.1
info: { title: orders, version: 1.0.0 }
sourceDescriptions:
  - { name: orders, url: ./orders.openapi.yaml, type: openapi }
workflows:
  - workflowId: placeOrder
    inputs:
      type: object
      required: [apiKey, item]
      properties:
        apiKey: { type: string }
        item: { type: string }
        quantity: { type: integer, default: 1 }
    steps:
      - stepId: create
        operationId: createOrder
        parameters:
          - { name: X-API-KEY, in: header, value: $inputs.apiKey }
        requestBody:
          contentType: application/json
          payload: { item: $inputs.item, quantity: $inputs.quantity }
        successCriteria:
          - condition: $statusCode == 201
        outputs:
          id: $response.body#/id
      - stepId: read
        operationId: getOrder
        parameters:
          - { name: id, in: path, value: $steps.create.outputs.id }
          - { name: X-API-KEY, in: header, value: $inputs.apiKey }
        successCriteria:
          - condition: $response.body#/state == 'placed'
        outputs:
          state: $response.body#/state
    outputs:
      orderId: $steps.create.outputs.id
      state: $steps.read.outputs.state
  - workflowId: other
    steps:
      - { stepId: only, operationId: getOrder, parameters: [{ name: id, in: path, value: x }] }
`;

describe('loom run (in process)', () => {
  let server: LocalServer;
  let dir: string;
  let state = 'placed';
  beforeAll(async () => {
    server = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'POST') {
        response.statusCode = 201;
        response.end(JSON.stringify({ id: 'o-1', echo: request.headers['x-api-key'] }));
      } else response.end(JSON.stringify({ id: 'o-1', state, note: `key ${request.headers['x-api-key']}` }));
    });
    dir = await mkdtemp(join(tmpdir(), 'loom-run-cli-'));
    await writeFile(join(dir, 'orders.openapi.yaml'), api);
    await writeFile(join(dir, 'flow.arazzo.yaml'), flow);
    await writeFile(join(dir, 'inputs.json'), JSON.stringify({ apiKey: SECRET, item: 'book', quantity: 5 }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.received.length = 0;
    state = 'placed';
  });
  const base = () => ['run', 'flow.arazzo.yaml', '--workflow', 'placeOrder', '--server', `orders=${server.url}`];

  it('--json: exactly one JSON object on stdout with the result contract, exit 0', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['workflowId', 'status', 'outputs', 'steps']);
    expect(report).toMatchObject({
      workflowId: 'placeOrder',
      status: 'success',
      outputs: { orderId: 'o-1', state: 'placed' },
      steps: [
        { stepId: 'create', workflowId: 'placeOrder', status: 'success', attempts: 1, statusCode: 201 },
        { stepId: 'read', workflowId: 'placeOrder', status: 'success', attempts: 1, statusCode: 200 },
      ],
    });
    for (const step of report.steps as { durationMs: unknown }[]) expect(typeof step.durationMs).toBe('number');
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /orders', 'GET /orders/o-1']);
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ item: 'book', quantity: 5 });
  });

  it('--input values are JSON when they parse, strings otherwise, and override --inputs', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--input', 'quantity=7', '--input', 'item=42 pens', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ item: '42 pens', quantity: 7 });
  });

  it('D57: --input keeps the text where the input only takes a string (item=1 is "1"), and parses JSON elsewhere', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--input', 'item=1', '--input', 'quantity=3', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ item: '1', quantity: 3 });
  });

  it('a workflow that fails: exit 1, the failed step and the reason in --json', async () => {
    state = 'cancelled';
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { status: string; error: { stepId: string; message: string }; steps: unknown[] };
    expect(report.status).toBe('failure');
    expect(report.error.stepId).toBe('read');
    expect(report.error.message).toMatch(/state == 'placed'.*cancelled/);
    expect(report.steps).toHaveLength(2);
  });

  it('D21: secrets sent in secret headers are masked in --json and in human output', async () => {
    const json = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    state = 'cancelled';
    const human = await runLoomInProcess([...base(), '--inputs', 'inputs.json'], { cwd: dir });
    expect(human.code).toBe(1);
    for (const output of [json.stdout, json.stderr, human.stdout, human.stderr]) expect(output).not.toContain(SECRET);
    // The secret was really sent.
    expect(server.received[0]!.headers['x-api-key']).toBe(SECRET);
  });

  it('human output: a line per step with method, URL, status and time, then the outputs', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`✔ create {2}POST ${server.url}/orders 201 {2}\\d+ ms`));
    expect(result.stdout).toMatch(new RegExp(`✔ read {2}GET ${server.url}/orders/o-1 200 {2}\\d+ ms`));
    expect(result.stdout).toMatch(/outputs\n {2}orderId: "o-1"\n {2}state: "placed"\n/);
    // The closing table: one row per step execution.
    expect(result.stdout).toMatch(/summary\n {2}step +workflow +status +attempts +code +time\n {2}create +placeOrder +success +1 +201 +\d+ ms\n {2}read +placeOrder +success +1 +200 +\d+ ms\n✔ placeOrder succeeded/);
    expect(result.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  it('missing required input: exit 2, the input named on stderr, nothing sent', async () => {
    const result = await runLoomInProcess([...base(), '--input', 'item=book', '--json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^loom: .*input apiKey is required/m);
    expect(server.received).toHaveLength(0);
  });

  it('several workflows and no --workflow: exit 2 naming them', async () => {
    const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/placeOrder, other/);
  });

  it('an invalid document: its diagnostics on stderr, exit 2, nothing sent', async () => {
    await writeFile(join(dir, 'broken.arazzo.yaml'), flow.replace('operationId: getOrder', 'operationId: getOrdr'));
    const result = await runLoomInProcess(['run', 'broken.arazzo.yaml', '--workflow', 'placeOrder', '--inputs', 'inputs.json', '--json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/broken\.arazzo\.yaml:\d+:\d+ {2}error {2}operation-unresolved/);
    expect(server.received).toHaveLength(0);
  });

  it('bad command lines: exit 2 with one clear line', async () => {
    for (const args of [
      ['run'],
      [...base(), '--max-steps', 'many'],
      [...base(), '--server', 'no-equals-sign'],
      [...base(), '--inputs', 'missing.json'],
    ]) {
      const result = await runLoomInProcess(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^loom: /);
    }
  });

  it('--inputs - reads the inputs from stdin', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', '-', '--json'], { cwd: dir, stdin: JSON.stringify({ apiKey: SECRET, item: 'pen' }) });
    expect(result.code).toBe(0);
    // D14: the schema default applies to the input not given.
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ item: 'pen', quantity: 1 });
  });

  it('--report json= and junit= and --har write files; secrets masked in each (D21)', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--quiet', '--report', 'json=out.json', '--report', 'junit=out.xml', '--har', 'out.har'], { cwd: dir });
    expect(result.code).toBe(0);
    const json = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as { status: string; steps: unknown[] };
    expect(json).toMatchObject({ status: 'success', steps: [{ stepId: 'create' }, { stepId: 'read' }] });
    const junit = await readFile(join(dir, 'out.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="placeOrder" tests="2" failures="0"/);
    expect(junit).toMatch(/<testcase name="create" classname="placeOrder" time="\d+\.\d{3}"\/>/);
    const har = JSON.parse(await readFile(join(dir, 'out.har'), 'utf8')) as { log: { version: string; entries: { request: { method: string; url: string; headers: { name: string; value: string }[] }; response: { status: number; content: { text: string } } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.map((entry) => `${entry.request.method} ${entry.request.url} ${entry.response.status}`)).toEqual([
      `POST ${server.url}/orders 201`,
      `GET ${server.url}/orders/o-1 200`,
    ]);
    expect(har.log.entries[0]!.request.headers).toContainEqual({ name: 'x-api-key', value: '****' });
    for (const file of ['out.json', 'out.xml', 'out.har']) expect(await readFile(join(dir, file), 'utf8')).not.toContain(SECRET);
    // --quiet: a successful run prints only its last line.
    expect(result.stdout).toBe(`✔ placeOrder succeeded: 2 steps in ${/in (.*)\n$/.exec(result.stdout)![1]}\n`);
  });

  it('--verbose shows request and response heads and bodies, masked (D21)', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--verbose'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/> POST .*\/orders\n\s+> x-api-key: \*\*\*\*\n\s+> content-type: application\/json\n\s+> \{"item":"book","quantity":5\}/);
    expect(result.stdout).toMatch(/< 201 \(\d+ bytes, \d+ ms\)/);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('a failed step in junit: a failure element with the reason', async () => {
    state = 'cancelled';
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--quiet', '--report', 'junit=fail.xml'], { cwd: dir });
    expect(result.code).toBe(1);
    const junit = await readFile(join(dir, 'fail.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="read" classname="placeOrder" time="[\d.]+">\n\s+<failure message="\$response.body#\/state == &apos;placed&apos;: got &apos;cancelled&apos;">/);
  });

  it('--dry-run: the first pass\'s requests with inputs substituted, later values as expressions, nothing sent', async () => {
    const result = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--dry-run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(0);
    expect(result.stdout).toBe(
      [
        `create  POST ${server.url}/orders  (placeOrder)`,
        '  x-api-key: ****',
        '  content-type: application/json',
        '  {"item":"book","quantity":5}',
        `read  GET ${server.url}/orders/{$steps.create.outputs.id}  (placeOrder)`,
        '  x-api-key: ****',
        '2 requests; dry run: nothing was sent',
        '',
      ].join('\n'),
    );
    const json = await runLoomInProcess([...base(), '--inputs', 'inputs.json', '--dry-run', '--json'], { cwd: dir });
    const planned = JSON.parse(json.stdout) as { dryRun: boolean; requests: { stepId: string; method: string; url: string }[] };
    expect(planned.dryRun).toBe(true);
    expect(planned.requests.map((request) => `${request.method} ${request.url}`)).toEqual([`POST ${server.url}/orders`, `GET ${server.url}/orders/{$steps.create.outputs.id}`]);
    expect(json.stdout).not.toContain(SECRET);
    expect(server.received).toHaveLength(0);
  });

  it('D40: a stop signal from the context cancels the run in flight: the result is still printed, 130 for SIGINT, 143 for SIGTERM', async () => {
    const hang = await startServer(() => undefined); // accepts, never answers
    try {
      for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        hang.received.length = 0;
        const context = fakeContext({ cwd: dir });
        const running = main([...base().map((arg) => arg.replace(server.url, hang.url)), '--inputs', 'inputs.json', '--json'], context);
        while (hang.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(context.listeningCount(), signal).toBe(1);
        expect(context.sendSignal(signal), signal).toBe(true);
        expect(await running, signal).toBe(exitCode);
        const report = JSON.parse(context.stdoutText()) as { status: string; error: { message: string; stepId: string } };
        expect(report, signal).toMatchObject({ status: 'failure', error: { stepId: 'create' } });
        expect(report.error.message, signal).toMatch(/cancel/);
        // The run stopped listening: a second signal would find Node's default, which ends the process.
        expect(context.listeningCount(), signal).toBe(0);
        expect(context.sendSignal(signal), signal).toBe(false);
      }
    } finally {
      await hang.close();
    }
  });

  // The real signal to the real process stays a process test.
  it('Ctrl-C (SIGINT) cancels the run in flight: the result is still printed, exit 130', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const hang = await startServer(() => undefined); // accepts, never answers
    try {
      const bin = fileURLToPath(new URL('../dist/bundle/loom.mjs', import.meta.url));
      const child = spawn(process.execPath, [bin, ...base().map((arg) => arg.replace(server.url, hang.url)), '--inputs', 'inputs.json', '--json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (hang.received.length > 0) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(130);
      const report = JSON.parse(stdout) as { status: string; error: { message: string; stepId: string } };
      expect(report.status).toBe('failure');
      expect(report.error.stepId).toBe('create');
      expect(report.error.message).toMatch(/cancel/);
    } finally {
      await hang.close();
    }
  });
});
