import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../../test/support/fake-context.js';

const flow = 'packages/cli/test/fixtures/flow.arazzo.yaml';

describe('loom graph (in process)', () => {
  it('Mermaid: steps, conditional goto, end, retry loop, goto workflow, fall-through and unhandled failure', async () => {
    const result = await runLoomInProcess(['graph', flow, '--workflow', 'checkout']);
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/checkout.mmd');
  });

  it('DOT', async () => {
    const result = await runLoomInProcess(['graph', flow, '--workflow', 'checkout', '--format', 'dot']);
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/checkout.dot');
  });

  it('an unknown format is a usage error', async () => {
    const result = await runLoomInProcess(['graph', flow, '--workflow', 'checkout', '--format', 'svg']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("loom: graph: --format must be mermaid or dot, got 'svg'\n");
  });
});
