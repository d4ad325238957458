import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../examples/amberflo/simulator/index.mjs';
import { parseJsonReport, runWorkflow } from './amberflo-fixture.js';

/**
 * DECISIONS D21: X-API-KEY contains `api-key`, so its value is a secret and never appears
 * in `loom run` output, human or `--json`, on stdout or stderr. The workflow's `apiKey`
 * input is a plain string (no `format: password`), so only the header rule protects it.
 */
const API_KEY = 'amberflo-secret-key-5d1f0c';
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ apiKey: API_KEY });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.reset();
});

const keyInput = ['--input', `apiKey=${API_KEY}`];

describe('D21: the API key never appears in loom run output', () => {
  it('D21: --json on success: the key was sent, and is in neither stdout nor stderr', async () => {
    const result = await runWorkflow(simulator.url, ['--json', ...keyInput]);
    expect(result.code, result.stderr).toBe(0);
    expect(simulator.requests.map((request) => request.headers['x-api-key'])).toEqual([API_KEY, API_KEY, API_KEY, API_KEY]);
    expect(parseJsonReport(result.stdout).status).toBe('success');
    expect(result.stdout).not.toContain(API_KEY);
    expect(result.stderr).not.toContain(API_KEY);
  });

  it('D21: human output on success: the four steps are shown, the key is not', async () => {
    const result = await runWorkflow(simulator.url, keyInput);
    expect(result.code, result.stderr).toBe(0);
    for (const stepId of ['createMeter', 'createCustomer', 'assignPlan', 'ingestFirstUsage']) expect(result.stdout).toContain(stepId);
    expect(result.stdout).not.toContain(API_KEY);
    expect(result.stderr).not.toContain(API_KEY);
  });

  it('D21: a value the API echoes back that holds the key is masked in the outputs, human and --json', async () => {
    // The customerId holds the key, so the createCustomer response and the customerId
    // output carry it: the key, once sent in X-API-KEY, is masked wherever it turns up.
    const echo = ['--input', `customerId=acme-${API_KEY}`];
    const json = await runWorkflow(simulator.url, ['--json', ...keyInput, ...echo]);
    expect(json.code, json.stderr).toBe(0);
    const report = parseJsonReport(json.stdout);
    expect(report.outputs['customerId']).toBe('acme-****');
    expect(json.stdout).not.toContain(API_KEY);
    expect(json.stderr).not.toContain(API_KEY);

    simulator.reset();
    const human = await runWorkflow(simulator.url, [...keyInput, ...echo]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('customerId: "acme-****"');
    expect(human.stdout).not.toContain(API_KEY);
    expect(human.stderr).not.toContain(API_KEY);
  });

  it('D21: a wrong key rejected with 401 is not shown either, human or --json', async () => {
    const wrongKey = 'wrong-amberflo-key-99e2';
    for (const extra of [['--json'], []]) {
      simulator.reset();
      const result = await runWorkflow(simulator.url, [...extra, '--input', `apiKey=${wrongKey}`]);
      expect(result.code).toBe(1);
      expect(simulator.requests.map((request) => [request.headers['x-api-key'], request.status])).toEqual([[wrongKey, 401]]);
      expect(result.stdout).toContain('createMeter');
      expect(result.stdout).not.toContain(wrongKey);
      expect(result.stderr).not.toContain(wrongKey);
    }
  });
});
