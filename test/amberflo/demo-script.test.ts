import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../support/run-loom.js';
import { exampleDir, exampleInputs } from './amberflo-fixture.js';

/** `pnpm demo` runs examples/amberflo/demo.mjs: its own simulator, the workflow, the usage read back. */
const runDemo = () => runNodeScript(`${exampleDir}demo.mjs`, [], { cwd: exampleDir });

describe('the demo script', () => {
  it('exits 0 and prints the four steps, the four outputs and the queried usage', async () => {
    const inputs = exampleInputs();
    const { code, stdout, stderr } = await runDemo();
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/Amberflo simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    const stepLines = stdout.split('\n').filter((line) => line.startsWith('✔ ') && !line.includes('succeeded'));
    expect(stepLines.map((line) => line.split(/\s+/).slice(1, 4))).toEqual([
      ['createMeter', 'POST', expect.stringMatching(/\/meter-definition$/)],
      ['createCustomer', 'POST', expect.stringMatching(/\/customers$/)],
      ['assignPlan', 'POST', expect.stringMatching(/\/payments\/pricing\/amberflo\/customer-pricing$/)],
      ['ingestFirstUsage', 'POST', expect.stringMatching(/\/ingest$/)],
    ]);
    for (const line of stepLines) expect(line).toMatch(/ 200 /);
    expect(stdout).toContain(`meterApiName: ${JSON.stringify(inputs.meterApiName)}`);
    expect(stdout).toContain(`customerId: ${JSON.stringify(inputs.customerId)}`);
    expect(stdout).toContain(`assignedProductId: ${JSON.stringify(inputs.productId)}`);
    expect(stdout).toContain('ingestResult: "OK"');
    expect(stdout).toMatch(/launch-usage-based-product succeeded: 4 steps/);
    // The proof the event landed: the usage query answers the ingested value for the customer.
    expect(stdout).toContain(`queryUsage ${inputs.meterApiName}: ${inputs.meterValue} for ${inputs.customerId}`);
    expect(stdout).not.toContain(inputs.apiKey);
  });
});
