import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, DEMO_API_KEY, type Simulator } from '../examples/amberflo/simulator/index.mjs';
import { exampleDir, inputsFile, workflowId } from './amberflo/amberflo-fixture.js';
import { runLoomInProcess } from './support/fake-context.js';
import { runLoom } from './support/run-loom.js';

/**
 * `loom run --trace` against the Amberflo simulator, then `loom replay` with the simulator stopped:
 * the trace answers every request. A copy of the example is used, so that a test may change the document.
 */
let dir: string;
let documentFile: string;
let traceFile: string;
let simulator: Simulator | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loom-trace-'));
  await cp(join(exampleDir, 'arazzo'), join(dir, 'arazzo'), { recursive: true });
  await cp(join(exampleDir, 'openapi'), join(dir, 'openapi'), { recursive: true });
  documentFile = join(dir, 'arazzo', 'launch-usage-based-product.arazzo.yaml');
  traceFile = join(dir, 'traces', 'launch.trace.jsonl');
  await mkdir(join(dir, 'traces'));
});
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function record(): Promise<void> {
  simulator = await startSimulator();
  const result = await runLoomInProcess(['run', documentFile, '--inputs', inputsFile, '--server', `meteringApi=${simulator.url}`, '--server', `billingApi=${simulator.url}`, '--trace', traceFile, '--quiet']);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  // Replay is offline: nothing answers any more.
  await simulator.close();
  simulator = undefined;
}

async function traceLines(): Promise<Record<string, unknown>[]> {
  return (await readFile(traceFile, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('trace and replay', () => {
  it('D85: loom run --trace records every event, request and response as JSON lines that match the trace schema, secrets masked', async () => {
    await record();
    const text = await readFile(traceFile, 'utf8');
    const lines = await traceLines();
    const schema = JSON.parse(await readFile('packages/cli/schemas/trace.schema.json', 'utf8'));
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    for (const line of lines) expect(validate(line), `${JSON.stringify(line).slice(0, 200)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(lines[0]).toMatchObject({ type: 'trace', format: 'loom-trace', version: 1, document: '../arazzo/launch-usage-based-product.arazzo.yaml', workflowId, masked: true });
    expect(lines.filter((line) => line.type === 'request').length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((line) => line.type === 'response').length).toBe(lines.filter((line) => line.type === 'request').length);
    expect(lines.filter((line) => line.type === 'criterion').length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatchObject({ type: 'run.end', status: 'success' });
    // DECISIONS D21: the API key (an input and the X-API-KEY header) is masked.
    expect(text).not.toContain(DEMO_API_KEY);
    expect(text).toContain('****');
  });

  it('D110: the trace records every criterion with its result and the values it read, passing ones too', async () => {
    await record();
    const criteria = (await traceLines()).filter((line) => line.type === 'criterion');
    expect(criteria.length).toBeGreaterThanOrEqual(4);
    for (const criterion of criteria) {
      expect(criterion).toMatchObject({ owner: 'successCriteria', condition: '$statusCode == 200', passed: true, values: [{ expression: '$statusCode', value: '200' }] });
    }
  });

  it('D110: a trace written before criteria carried their values replays as before', async () => {
    await record();
    const old = (await traceLines()).map((line) => {
      if (line.type !== 'criterion') return line;
      const { values: _values, ...rest } = line;
      return rest;
    });
    await writeFile(traceFile, `${old.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const result = await runLoomInProcess(['replay', traceFile]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`✔ ${workflowId}: \\d+ requests and the outputs as recorded`));
  });

  it('D86: loom replay answers from the trace with the simulator stopped: nothing differs, exit 0', async () => {
    await record();
    const result = await runLoomInProcess(['replay', traceFile]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`✔ ${workflowId}: \\d+ requests and the outputs as recorded`));
  });

  it('D86: a document changed so that one request body differs: replay reports exactly that difference, with a diff', async () => {
    await record();
    const original = await readFile(documentFile, 'utf8');
    expect(original).toContain('lifecycleStage: ACTIVE');
    await writeFile(documentFile, original.replace('lifecycleStage: ACTIVE', 'lifecycleStage: ONBOARDING'));
    const result = await runLoomInProcess(['replay', traceFile]);
    expect(result.code).toBe(1);
    const marked = result.stdout.split('\n').filter((line) => line.startsWith('✖'));
    expect(marked).toEqual([expect.stringMatching(/^✖ request 2 \(step createCustomer, POST http:\/\/127\.0\.0\.1:\d+\/customers\): the body differs$/), `✖ ${workflowId}: 1 difference from the trace (${(await traceLines()).filter((line) => line.type === 'request').length} requests recorded)`]);
    expect(result.stdout).toContain('-  "lifecycleStage": "ACTIVE"');
    expect(result.stdout).toContain('+  "lifecycleStage": "ONBOARDING"');
  });

  it('D86: replay --update rewrites the trace from a live run; secret inputs are given again with --input', async () => {
    await record();
    const original = await readFile(documentFile, 'utf8');
    await writeFile(documentFile, original.replace('lifecycleStage: ACTIVE', 'lifecycleStage: ONBOARDING'));
    simulator = await startSimulator();
    const updated = await runLoomInProcess(['replay', traceFile, '--update', '--input', `apiKey=${DEMO_API_KEY}`, '--server', `meteringApi=${simulator.url}`, '--server', `billingApi=${simulator.url}`]);
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect(updated.stdout).toContain('rewritten from a live run');
    await simulator.close();
    simulator = undefined;
    expect(await readFile(traceFile, 'utf8')).toContain('ONBOARDING');
    expect(await readFile(traceFile, 'utf8')).not.toContain(DEMO_API_KEY);
    const replayed = await runLoomInProcess(['replay', traceFile]);
    expect(replayed.code, replayed.stdout).toBe(0);
  });

  it('replay refuses what is not a trace, or a trace of another version, with exit 2', async () => {
    const notTrace = join(dir, 'not.jsonl');
    await writeFile(notTrace, '{"hello":1}\n');
    const result = await runLoomInProcess(['replay', notTrace]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a loom trace');
    await writeFile(notTrace, '{"type":"trace","format":"loom-trace","version":99,"document":"x","workflowId":"w"}\n');
    expect((await runLoomInProcess(['replay', notTrace])).stderr).toContain('a trace of version 99; this loom reads version 1');
  });

  it('the bundle records and replays', async () => {
    simulator = await startSimulator();
    const recorded = await runLoom(['run', documentFile, '--inputs', inputsFile, '--server', `meteringApi=${simulator.url}`, '--server', `billingApi=${simulator.url}`, '--trace', traceFile, '--quiet']);
    expect(recorded.code, recorded.stderr).toBe(0);
    await simulator.close();
    simulator = undefined;
    const replayed = await runLoom(['replay', traceFile]);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
  });
});
