import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * The cycle checks over workflows (dependsOn, D15; workflow steps, D28) walked the graph
 * recursively: a document chaining thousands of workflows overflowed the stack in `validate`.
 * The walk is iterative now; a chain that closes on itself is still reported once.
 */
// Past the recursion's reach on Node's default stack (it overflowed at about 5,000); the test
// runs `loom validate` as a process because test workers have larger stacks. Kept moderate:
// validating thousands of workflows is itself slow until the schema's uniqueItems check is linear.
const COUNT = 6_000;

function chainedDocument(link: 'dependsOn' | 'step', closed: boolean): string {
  const lines = ['arazzo: 1.0.1', 'info: { title: chain, version: 1.0.0 }', 'sourceDescriptions: []', 'workflows:'];
  for (let index = 0; index < COUNT; index++) {
    const next = `w${index + 1 < COUNT ? index + 1 : closed ? 0 : 'missing'}`;
    const last = index + 1 === COUNT && !closed;
    if (link === 'dependsOn') {
      lines.push(`  - workflowId: w${index}`);
      if (!last) lines.push(`    dependsOn: [${next}]`);
      lines.push(`    steps: [{ stepId: s, workflowId: w${index} }]`.replace(`workflowId: w${index} }`, `workflowId: leaf }`));
    } else {
      lines.push(`  - workflowId: w${index}`, `    steps: [{ stepId: s, workflowId: ${last ? 'leaf' : next} }]`);
    }
  }
  lines.push('  - workflowId: leaf', '    steps: [{ stepId: s, operationPath: x }]');
  return `${lines.join('\n')}\n`;
}

describe('cycle checks over long workflow chains do not overflow the stack', () => {
  for (const link of ['dependsOn', 'step'] as const) {
    it(`D15/D28: ${COUNT.toLocaleString('en')} workflows chained by ${link}: open chain validates, a closed one is one cycle`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'loom-chain-'));
      try {
        const code = link === 'dependsOn' ? 'depends-on-cycle' : 'workflow-step-cycle';
        const codes = async (file: string): Promise<string[]> => {
          const result = await runLoomInProcess(['validate', '--no-sources', '--format', 'json', file], { cwd: dir });
          expect(result.stderr).toBe('');
          return (JSON.parse(result.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((diagnostic) => diagnostic.code);
        };
        await writeFile(join(dir, 'open.arazzo.yaml'), chainedDocument(link, false));
        expect(await codes('open.arazzo.yaml')).not.toContain(code);
        await writeFile(join(dir, 'closed.arazzo.yaml'), chainedDocument(link, true));
        expect((await codes('closed.arazzo.yaml')).filter((found) => found === code)).toHaveLength(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
