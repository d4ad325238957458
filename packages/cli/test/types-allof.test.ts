import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../../test/support/fake-context.js';

describe('loom types on the Amberflo reference (in process)', () => {
  it('infers output types through allOf response schemas (createCustomer answers a Customer = allOf[CustomerInput, ...])', async () => {
    const result = await runLoomInProcess(['types', 'examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml']);
    expect(result.code).toBe(0);
    const outputs = /export interface LaunchUsageBasedProductOutputs \{\n([\s\S]*?)\n\}/.exec(result.stdout)?.[1] ?? '';
    expect(outputs.split('\n').filter((line) => /^\s+\w+\?:/.test(line)).map((line) => line.trim())).toEqual([
      'meterApiName?: string',
      'customerId?: string',
      'assignedProductId?: string',
      'ingestResult?: string',
    ]);
    // Indented by nesting, as a person would write it.
    expect(result.stdout).toMatch(/\n {2}apiKey: string\n/);
  });
});
