import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../../test/support/fake-context.js';

const amberflo = 'examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml';

describe('loom list / describe (in process)', () => {
  it('list: each workflow with its inputs, required and optional', async () => {
    const result = await runLoomInProcess(['list', amberflo]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^launch-usage-based-product {2}Define a meter/);
    expect(result.stdout).toMatch(/^ {2}apiKey: string {2}required {2}Amberflo API key/m);
    expect(result.stdout).toMatch(/^ {2}customerEmail: string {2}optional/m);
    expect(result.stdout).toMatch(/^ {2}meterTimeInMillis: integer {2}required/m);
    // The bare-operationId warnings are counted on one stderr line (DECISIONS D52), never in the listing.
    expect(result.stderr).toMatch(/^\d+ warnings: loom validate examples\/amberflo\/arazzo\/launch-usage-based-product\.arazzo\.yaml\n$/);
  });

  it('list --json', async () => {
    const result = await runLoomInProcess(['list', amberflo, '--json']);
    const listing = JSON.parse(result.stdout) as { workflows: { workflowId: string; steps: number; inputs: { name: string; required: boolean }[] }[] };
    expect(listing.workflows).toHaveLength(1);
    expect(listing.workflows[0]).toMatchObject({ workflowId: 'launch-usage-based-product', steps: 4 });
    expect(listing.workflows[0]!.inputs.filter((input) => !input.required).map((input) => input.name)).toEqual(['customerEmail']);
  });

  it('describe: steps with the operation each calls, criteria and outputs', async () => {
    const result = await runLoomInProcess(['describe', amberflo]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1\. createMeter {2}POST \/meter-definition \(meteringApi\.createMeterDefinition\)/);
    expect(result.stdout).toMatch(/3\. assignPlan {2}POST \/payments\/pricing\/amberflo\/customer-pricing \(billingApi\.assignPricingPlan\)/);
    expect(result.stdout).toMatch(/success when \$statusCode == 200/);
    expect(result.stdout).toMatch(/^ {2}ingestResult = \$steps\.ingestFirstUsage\.outputs\.ingestResult$/m);
  });

  it('describe: several workflows need --workflow (exit 2); an unknown one is named', async () => {
    const missing = await runLoomInProcess(['describe', 'examples/spec/pet-coupons.arazzo.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/name one with --workflow \(.*apply-coupon.*\)/);
    const unknown = await runLoomInProcess(['describe', 'examples/spec/pet-coupons.arazzo.yaml', '--workflow', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no workflow 'nope'/);
  });
});
