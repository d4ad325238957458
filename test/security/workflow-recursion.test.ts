import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WORKFLOW_DEPTH_LIMIT, loadDocument, run } from '../../packages/engine/src/index.js';
import { HEADER, loadFlow, scriptedServer } from '../../packages/engine/test/runner/harness.js';
import { openapi } from '../../packages/engine/test/runner/workspace.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * A workflow step that runs its own workflow, directly or through other workflows, used to
 * overflow the stack (the CLI printed the minified bundle and exited 70). Nesting is now bounded
 * (DECISIONS D28) and `validate` warns about the cycle.
 */

const PATHS = `  /ping:
    get: { operationId: ping, responses: { '200': { description: ok } } }
`;

const SELF = `${HEADER}workflows:
  - workflowId: again
    steps:
      - stepId: callSelf
        workflowId: again
`;

const MUTUAL = `${HEADER}workflows:
  - workflowId: first
    steps:
      - stepId: ping
        operationId: ping
      - stepId: callSecond
        workflowId: second
  - workflowId: second
    steps:
      - stepId: callFirst
        workflowId: first
`;

async function writeFlow(arazzo: string, serverUrl: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-recursion-'));
  await writeFile(join(dir, 'flow.arazzo.yaml'), arazzo);
  await writeFile(join(dir, 'api.openapi.yaml'), openapi(serverUrl, PATHS));
  return join(dir, 'flow.arazzo.yaml');
}

describe('D28: nested workflows are bounded', () => {
  it('D28: a step that runs its own workflow fails at the depth limit with one line', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(SELF, server.url, PATHS);
    const result = await run(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/^workflows nested 32 deep \(maxWorkflowDepth\): again -> again -> again .* -> again$/);
    expect(result.error?.message).not.toContain('\n');
    // The innermost step and every caller fail; the run names the outermost failing step.
    expect(result.steps.length).toBe(32);
  });

  it('D28: mutually recursive workflows stop at the depth limit, with the requests made on the way', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(MUTUAL, server.url, PATHS);
    const result = await run(loaded, { workflowId: 'first' });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/workflows nested 32 deep \(maxWorkflowDepth\): first -> second -> first/);
    // first runs at depths 0, 2, ..., 30: 16 pings, then second at depth 31 cannot start first.
    expect(server.received.length).toBe(16);
  });

  it('D28: the largest maxWorkflowDepth accepted still fits the stack (a self call nests without waiting for I/O)', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(SELF, server.url, PATHS);
    const result = await run(loaded, { maxWorkflowDepth: MAX_WORKFLOW_DEPTH_LIMIT, maxSteps: 10 * MAX_WORKFLOW_DEPTH_LIMIT });
    expect(result.error?.message).toMatch(/^workflows nested 1000 deep \(maxWorkflowDepth\): again -> .* \(985 more\) -> .*again$/);
    await expect(run(loaded, { maxWorkflowDepth: MAX_WORKFLOW_DEPTH_LIMIT + 1 })).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
  });

  it('D28: maxWorkflowDepth is honoured', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(MUTUAL, server.url, PATHS);
    const result = await run(loaded, { workflowId: 'first', maxWorkflowDepth: 4 });
    expect(result.error?.message).toBe('workflows nested 4 deep (maxWorkflowDepth): first -> second -> first -> second -> first');
    expect(server.received.length).toBe(2);
    await expect(run(loaded, { workflowId: 'first', maxWorkflowDepth: 0 })).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
  });

  it('D28: a goto or a retry to a workflow counts as nesting too', async () => {
    const server = await scriptedServer(() => ({ status: 500, body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: bounce
    steps:
      - stepId: ping
        operationId: ping
        onFailure:
          - { name: again, type: goto, workflowId: bounce }
  - workflowId: retrying
    steps:
      - stepId: ping
        operationId: ping
        onFailure:
          - { name: again, type: retry, workflowId: retrying, retryLimit: 2, retryAfter: 30 }
`,
      server.url,
      PATHS,
    );
    const bounced = await run(loaded, { workflowId: 'bounce', maxWorkflowDepth: 5 });
    expect(bounced.status).toBe('failure');
    expect(bounced.error?.message).toContain('workflows nested 5 deep (maxWorkflowDepth): bounce -> bounce -> bounce -> bounce -> bounce');
    expect(server.received.length).toBe(5);
    server.received.length = 0;
    // retryAfter 30 s: a run that waited before giving up would take minutes.
    const before = performance.now();
    const retried = await run(loaded, { workflowId: 'retrying', maxWorkflowDepth: 3 });
    expect(performance.now() - before).toBeLessThan(10_000);
    expect(retried.status).toBe('failure');
    // The retry target runs one level deeper; at the limit the run stops, and no level retries again.
    expect(retried.error?.message).toBe('workflows nested 3 deep (maxWorkflowDepth): retrying -> retrying -> retrying -> retrying');
    expect(server.received.length).toBe(3);
  });

  it('D28: a dependsOn cycle across documents stops at the depth limit', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-recursion-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi(server.url, PATHS));
    await writeFile(
      join(dir, 'a.arazzo.yaml'),
      `arazzo: 1.0.1
info: { title: a, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: other, url: ./b.arazzo.yaml, type: arazzo }
workflows:
  - workflowId: a
    dependsOn: [$sourceDescriptions.other.b]
    steps: [{ stepId: ping, operationId: ping }]
`,
    );
    await writeFile(
      join(dir, 'b.arazzo.yaml'),
      `arazzo: 1.0.1
info: { title: b, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: other, url: ./a.arazzo.yaml, type: arazzo }
workflows:
  - workflowId: b
    dependsOn: [$sourceDescriptions.other.a]
    steps: [{ stepId: ping, operationId: ping }]
`,
    );
    const loaded = await loadDocument(join(dir, 'a.arazzo.yaml'));
    expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const result = await run(loaded, { maxWorkflowDepth: 6 });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toContain('workflows nested 6 deep (maxWorkflowDepth)');
    expect(server.received.length).toBe(0);
  });

  it('D28: loom run fails in one line and exits 1 (no stack, no bundle text); --max-workflow-depth is honoured', async () => {
    const server = await scriptedServer();
    const file = await writeFlow(MUTUAL, server.url);
    const plain = await runLoomInProcess(['run', file, '--workflow', 'first']);
    expect(plain.code).toBe(1);
    expect(plain.stdout + plain.stderr).toContain('workflows nested 32 deep (maxWorkflowDepth)');
    expect(plain.stdout + plain.stderr).not.toMatch(/RangeError|Maximum call stack|internal error|\n\s+at /);
    // No line of minified code: the failure line is short.
    for (const line of (plain.stdout + plain.stderr).split('\n')) expect(line.length).toBeLessThan(2000);

    const json = await runLoomInProcess(['run', file, '--workflow', 'first', '--json', '--max-workflow-depth', '3']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { error: { message: string } };
    expect(report.error.message).toContain('workflows nested 3 deep (maxWorkflowDepth): first -> second -> first');
    expect(json.stderr).not.toMatch(/\n\s+at /);

    const bad = await runLoomInProcess(['run', file, '--max-workflow-depth', 'deep']);
    expect(bad.code).toBe(2);
    const tooDeep = await runLoomInProcess(['run', file, '--workflow', 'first', '--max-workflow-depth', '5000']);
    expect(tooDeep.code).toBe(2);
    expect(tooDeep.stderr).toContain('maxWorkflowDepth must be a whole number from 1 to 1000, got 5000');

    // The main thread's stack is smaller than a test worker's: the deepest nesting allowed must fit it.
    const deepest = await runLoomInProcess(['run', await writeFlow(SELF, server.url), '--json', '--max-workflow-depth', '1000', '--max-steps', '5000']);
    expect(deepest.code).toBe(1);
    expect((JSON.parse(deepest.stdout) as { error: { message: string } }).error.message).toContain('workflows nested 1000 deep (maxWorkflowDepth)');
    expect(deepest.stderr).not.toMatch(/RangeError|internal error/);
  });

  it('D28: validate warns about a step that runs its own workflow, at the step\'s workflowId', async () => {
    const server = await scriptedServer();
    const file = await writeFlow(MUTUAL, server.url);
    const loaded = await loadDocument(file);
    const cycles = loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'workflow-step-cycle');
    expect(cycles.map((diagnostic) => [diagnostic.severity, diagnostic.path, diagnostic.message])).toEqual([
      [
        'warning',
        '/workflows/1/steps/0/workflowId',
        "Step 'callFirst' runs workflow 'first', and workflow steps form a cycle: first -> second -> first; a run stops when workflows nest deeper than maxWorkflowDepth (DECISIONS D28).",
      ],
    ]);
    const cli = await runLoomInProcess(['validate', await writeFlow(SELF, server.url)]);
    expect(cli.code).toBe(0);
    expect(cli.stdout + cli.stderr).toContain('workflow-step-cycle');
  });
});
