import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '@loom/engine';
import { lines, loadFlow, openapi, runRecorded, scriptedServer, stepSummary } from './harness.js';
import { header, paths, step } from './depends-on-flow.js';

/** Arazzo 1.1.0 §Step Object `dependsOn`, §Step Dependencies and Execution Order, DECISIONS D98. */

describe('step dependsOn (Arazzo 1.1)', () => {
  it('D98: steps run after what they depend on, explicit and implicit, otherwise in document order', async () => {
    const server = await scriptedServer((request) => ({ body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('report', `          - { name: from, in: query, value: $steps.fetch.outputs.seen }
        dependsOn: [audit]
`)}${step('audit', '        dependsOn: [login]\n')}${step('login')}${step('fetch', `        outputs:
          seen: $response.body#/seen
`)}${step('last')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    // login and fetch have no dependencies: they keep their document order; audit after login; report after audit and fetch.
    expect(lines(server)).toEqual(['GET /items/login', 'GET /items/audit', 'GET /items/fetch', 'GET /items/report?from=%2Fitems%2Ffetch', 'GET /items/last']);
  });

  it("D98: a $steps read through a Reusable Object or the workflow's parameters is an implicit dependency too", async () => {
    const server = await scriptedServer((request) => ({ body: { seen: request.url } }));
    // `report` reads fetch's output only through the component it references: it still runs after fetch.
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - stepId: report
        operationId: item
        parameters:
          - { name: name, in: path, value: report }
          - reference: $components.parameters.fromFetch
${step('fetch', `        outputs:
          seen: $response.body#/seen
`)}${step('last', '        dependsOn: [fetch]\n')}components:
  parameters:
    fromFetch: { name: from, in: query, value: $steps.fetch.outputs.seen }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/fetch', 'GET /items/report?from=%2Fitems%2Ffetch', 'GET /items/last']);

    // Without dependsOn, a read of a later step through the workflow's parameters is a forward reference.
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${header}workflows:
  - workflowId: w
    parameters:
      - { name: from, in: query, value: $steps.fetch.outputs.seen }
    steps:
${step('first')}${step('fetch', '        outputs: { seen: $statusCode }\n')}`,
    );
    const forward = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(forward.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message])).toEqual([
      ['step-forward-reference', "Step 'first' reads $steps.fetch, but step 'fetch' comes later and the workflow declares no dependsOn: move 'fetch' before 'first', or add dependsOn: [fetch] to 'first'."],
    ]);
  });

  it('D98: a workflow already in a valid order runs in document order', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(`${header}workflows:\n  - workflowId: w\n    steps:\n${step('a')}${step('b', '        dependsOn: [a]\n')}${step('c')}`, server.url, paths);
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/a', 'GET /items/b', 'GET /items/c']);
  });

  it('D98: a goto to a step whose dependency has not completed fails that step, with a clear message', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('start', `        onSuccess:
          - { name: skipAhead, type: goto, stepId: needsSetup }
`)}${step('setup')}${step('needsSetup', '        dependsOn: [setup]\n')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toBe('step needsSetup cannot run: it depends on step setup, which has not completed in this run of workflow w');
    expect(stepSummary(result)).toEqual([
      { stepId: 'start', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'needsSetup', status: 'failure', attempts: 0 },
    ]);
    expect(lines(server)).toEqual(['GET /items/start']);
  });

  it('D98: a dependency on a step of another workflow is met only when that workflow ran it in this run', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const document = `${header}workflows:
  - workflowId: prepare
    steps:
${step('seed')}  - workflowId: main
    dependsOn: [prepare]
    steps:
${step('use', '        dependsOn: [$workflows.prepare.steps.seed]\n')}  - workflowId: alone
    steps:
${step('use', '        dependsOn: [$workflows.prepare.steps.seed]\n')}`;
    const loaded = await loadFlow(document, server.url, paths);
    const ran = await runRecorded(loaded, { workflowId: 'main' });
    expect(ran.result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/seed', 'GET /items/use']);

    // dependsOn does not run the step it names: without `prepare` having run, the step fails.
    const alone = await runRecorded(loaded, { workflowId: 'alone' });
    expect(alone.result.status).toBe('failure');
    expect(alone.result.error?.message).toBe('step use cannot run: it depends on $workflows.prepare.steps.seed, which has not completed in this run (dependsOn does not run it)');
    expect(lines(server)).toEqual(['GET /items/seed', 'GET /items/use']);
  });

  it('D98: a dependency that failed (its failure handled by a goto) leaves the dependent step unable to run', async () => {
    const server = await scriptedServer((request) => (request.url === '/items/flaky' ? { status: 500, body: {} } : { body: {} }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('flaky', `        onFailure:
          - { name: onward, type: goto, stepId: dependent }
`)}${step('dependent', '        dependsOn: [flaky]\n')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toBe('step dependent cannot run: it depends on step flaky, which has not completed in this run of workflow w');
  });

  it('D98: a cycle, a forward reference with no dependsOn and a dependsOn naming no step are validation errors (1.1 only)', async () => {
    const diagnosticsOf = async (text: string) => {
      const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
      await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
      await writeFile(join(dir, 'flow.arazzo.yaml'), text);
      const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
      return loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]);
    };
    const cycle = await diagnosticsOf(
      `${header}workflows:\n  - workflowId: w\n    steps:\n${step('a', '        dependsOn: [b]\n        outputs: { x: $statusCode }\n')}${step('b', '          - { name: from, in: query, value: $steps.a.outputs.x }\n')}`,
    );
    expect(cycle.map(([code]) => code)).toEqual(['step-depends-on-cycle', 'step-depends-on-cycle']);
    expect(cycle[0]![1]).toBe("Step 'a' is in a dependency cycle (a, b): through dependsOn and $steps references, none of them can run first.");

    const forward = `workflows:\n  - workflowId: w\n    steps:\n${step('a', '          - { name: from, in: query, value: $steps.b.outputs.y }\n')}${step('b', '        outputs: { y: $statusCode }\n')}`;
    expect(await diagnosticsOf(`${header}${forward}`)).toEqual([
      ['step-forward-reference', "Step 'a' reads $steps.b, but step 'b' comes later and the workflow declares no dependsOn: move 'b' before 'a', or add dependsOn: [b] to 'a'."],
    ]);
    // Arazzo 1.0 has no step dependsOn: its documents keep Loom's 1.0 behaviour (the value is missing at run time, D14).
    expect(await diagnosticsOf(`${header.replace('1.1.0', '1.0.1')}${forward}`)).toEqual([]);

    expect(await diagnosticsOf(`${header}workflows:\n  - workflowId: w\n    steps:\n${step('a', '        dependsOn: [nothing]\n')}`)).toEqual([
      ['step-depends-on-target', "Step 'a' depends on 'nothing', but this workflow has no step 'nothing' (a step of another workflow is $workflows.<workflowId>.steps.<stepId>)."],
    ]);
  });

  it('D98: a dependsOn entry names a step exactly: stepIds are case-sensitive, and a step of an Arazzo source must exist there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
    await writeFile(join(dir, 'other.arazzo.yaml'), `${header}workflows:\n  - workflowId: prepare\n    steps:\n${step('seed')}`);
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${header}  - { name: other, url: ./other.arazzo.yaml, type: arazzo }
workflows:
  - workflowId: w
    steps:
${step('setup')}${step('a', '        dependsOn: [Setup, $sourceDescriptions.other.prepare.steps.seed, $sourceDescriptions.other.prepare.steps.grow, $sourceDescriptions.other.nothing.steps.seed]\n')}`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.message])).toEqual([
      ['step-depends-on-target', '/workflows/0/steps/1/dependsOn/0', "Step 'a' depends on 'Setup', but this workflow has no step 'Setup' (a step of another workflow is $workflows.<workflowId>.steps.<stepId>)."],
      ['step-depends-on-target', '/workflows/0/steps/1/dependsOn/2', "Step 'a' depends on '$sourceDescriptions.other.prepare.steps.grow', but workflow 'prepare' of the Arazzo source 'other' has no step 'grow'."],
      ['step-depends-on-target', '/workflows/0/steps/1/dependsOn/3', "Step 'a' depends on '$sourceDescriptions.other.nothing.steps.seed', but the Arazzo source 'other' has no workflow 'nothing'."],
    ]);
  });
});
