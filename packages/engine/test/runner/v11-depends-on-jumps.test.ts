import { describe, expect, it } from 'vitest';
import { HEADER, lines, loadFlow, runRecorded, scriptedServer, stepSummary } from './harness.js';
import { header, paths, step } from './depends-on-flow.js';

/**
 * Arazzo 1.1.0 §Step Dependencies and Execution Order (Tool Behavior): every way a run reaches a step (in order,
 * a goto, a retry's `stepId`, actions from `$components` or the workflow) checks what the step depends on,
 * explicitly (`dependsOn`, DECISIONS D98, D59) and implicitly (`$steps.<id>` reads, DECISIONS D58).
 */
/** A step fetching /items/<name>?from=<what it reads of `read`>. */
const reader = (name: string, read: string, extra = ''): string => `${step(name, `          - { name: from, in: query, value: $steps.${read}.outputs.seen }\n`)}${extra}`;
const seen = '        outputs:\n          seen: $response.body#/seen\n';
/** The server answers 500 to /items/flaky the first time, then 200; every body says what was asked. */
const flakyOnce = () => {
  let failed = false;
  return scriptedServer((request) => {
    if (request.url!.startsWith('/items/flaky') && !failed) {
      failed = true;
      return { status: 500, body: {} };
    }
    return { body: { seen: request.url } };
  });
};

describe('dependencies checked wherever a step is reached (Arazzo 1.1)', () => {
  it('D59: a retry whose stepId names a step with an unmet dependsOn fails that step without running it and ends the workflow', async () => {
    const server = await flakyOnce();
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('flaky', `        onFailure:
          - { name: redo, type: retry, stepId: needsSetup, retryLimit: 1 }
`)}${step('setup')}${step('needsSetup', '        dependsOn: [setup]\n')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error).toEqual({ workflowId: 'w', stepId: 'needsSetup', message: 'step needsSetup cannot run: it depends on step setup, which has not completed in this run of workflow w' });
    // needsSetup is never sent, and flaky is not retried after it.
    expect(lines(server)).toEqual(['GET /items/flaky']);
    expect(stepSummary(result)).toEqual([
      { stepId: 'needsSetup', status: 'failure', attempts: 0 },
      { stepId: 'flaky', status: 'failure', attempts: 1, statusCode: 500 },
    ]);
  });

  it('D59: a retry whose stepId names a step whose dependencies have completed runs it, then retries', async () => {
    const server = await scriptedServer((request, index) => (request.url!.startsWith('/items/flaky') && index === 1 ? { status: 500, body: {} } : { body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('setup')}${step('flaky', `        dependsOn: [setup]
        onFailure:
          - { name: redo, type: retry, stepId: again, retryLimit: 1 }
`)}${step('again', '        dependsOn: [setup]\n')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/setup', 'GET /items/flaky', 'GET /items/again', 'GET /items/flaky', 'GET /items/again']);
  });

  it('D59: goto and retry actions from $components and from the workflow get the same check', async () => {
    const document = (action: string, where: 'component' | 'workflow') => `${header}workflows:
  - workflowId: w
${where === 'workflow' ? `    failureActions:\n      - ${action}\n` : ''}    steps:
${step('flaky', where === 'component' ? `        onFailure:\n          - reference: $components.failureActions.jump\n` : '')}${step('setup')}${step('needsSetup', '        dependsOn: [setup]\n')}${
      where === 'component' ? `components:\n  failureActions:\n    jump: ${action}\n` : ''
    }`;
    for (const action of ['{ name: jump, type: goto, stepId: needsSetup }', '{ name: jump, type: retry, stepId: needsSetup, retryLimit: 1 }']) {
      for (const where of ['component', 'workflow'] as const) {
        const server = await flakyOnce();
        const { result } = await runRecorded(await loadFlow(document(action, where), server.url, paths));
        expect({ action, where, error: result.error?.message, sent: lines(server) }).toEqual({
          action,
          where,
          error: 'step needsSetup cannot run: it depends on step setup, which has not completed in this run of workflow w',
          sent: ['GET /items/flaky'],
        });
      }
    }
  });

  it('D58: a goto to a step that reads $steps of a step that has not run fails it, naming the step it reads', async () => {
    const server = await scriptedServer((request) => ({ body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('start', `        onSuccess:
          - { name: skip, type: goto, stepId: use }
`)}${step('fetch', seen)}${reader('use', 'fetch')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error).toEqual({ workflowId: 'w', stepId: 'use', message: 'step use cannot run: it reads $steps.fetch, and step fetch has not completed in this run of workflow w' });
    expect(stepSummary(result)).toEqual([
      { stepId: 'start', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'use', status: 'failure', attempts: 0 },
    ]);
    expect(lines(server)).toEqual(['GET /items/start']);
  });

  it('D58: a read through a Reusable Object counts at a jump as well', async () => {
    const server = await scriptedServer((request) => ({ body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('start', `        onSuccess:
          - { name: skip, type: goto, stepId: use }
`)}${step('fetch', seen)}${step('use', '          - reference: $components.parameters.fromFetch\n')}components:
  parameters:
    fromFetch: { name: from, in: query, value: $steps.fetch.outputs.seen }
`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.error?.message).toBe('step use cannot run: it reads $steps.fetch, and step fetch has not completed in this run of workflow w');
    expect(lines(server)).toEqual(['GET /items/start']);
  });

  it('D58: after a goto, a step reached in order that reads a skipped step fails the same way; so does a retry target', async () => {
    const server = await flakyOnce();
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('start', `        onSuccess:
          - { name: skip, type: goto, stepId: later }
`)}${step('fetch', seen)}${step('later')}${reader('use', 'fetch')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.error?.message).toBe('step use cannot run: it reads $steps.fetch, and step fetch has not completed in this run of workflow w');
    expect(lines(server)).toEqual(['GET /items/start', 'GET /items/later']);

    const retried = await flakyOnce();
    const viaRetry = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('flaky', `        onFailure:
          - { name: redo, type: retry, stepId: use, retryLimit: 1 }
`)}${step('fetch', seen)}${reader('use', 'fetch')}`,
      retried.url,
      paths,
    );
    const again = await runRecorded(viaRetry);
    expect(again.result.error?.message).toBe('step use cannot run: it reads $steps.fetch, and step fetch has not completed in this run of workflow w');
    expect(lines(retried)).toEqual(['GET /items/flaky']);
  });

  it('D58: a step read that ran and failed (its failure handled by a goto) has completed: the reader runs with its outputs', async () => {
    const server = await scriptedServer((request) => (request.url!.startsWith('/items/fetch') ? { status: 409, body: { seen: 'conflict' } } : { body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
${step('fetch', `${seen}        onFailure:
          - { name: recover, type: goto, stepId: use }
`)}${step('skipped')}${reader('use', 'fetch')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/fetch', 'GET /items/use?from=conflict']);
  });

  it('D58: in an Arazzo 1.0 document a jump past the step read keeps D14: the reader runs and the value is missing', async () => {
    const server = await scriptedServer((request) => ({ body: { seen: request.url } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
${step('start', `        onSuccess:
          - { name: skip, type: goto, stepId: use }
`)}${step('fetch', seen)}${reader('use', 'fetch')}`,
      server.url,
      paths,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /items/start', 'GET /items/use']);
  });
});
