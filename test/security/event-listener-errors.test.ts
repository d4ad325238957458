import { describe, expect, it } from 'vitest';
import { run, type RunEvent } from '../../packages/engine/src/index.js';
import { HEADER, lines, loadFlow, scriptedServer } from '../../packages/engine/test/runner/harness.js';

/**
 * An `onEvent` listener that throws used to abort the run half way (run() rejected, though the
 * README promises it throws only before anything runs), and an async listener that rejected left
 * an unhandled rejection. The run now goes on and reports the listener's error once (DECISIONS D29).
 */

const PATHS = `  /first:
    get: { operationId: first, responses: { '200': { description: ok } } }
  /second:
    get: { operationId: second, responses: { '200': { description: ok } } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: one
        operationId: first
        outputs: { value: $response.body#/value }
      - stepId: two
        operationId: second
    outputs: { value: $steps.one.outputs.value }
`;

const reply = () => ({ body: { value: 42 } });

describe('D29: a failing event listener does not abort the run', () => {
  it('D29: a listener that throws on every event: the run completes, all requests are sent, one warning', async () => {
    const server = await scriptedServer(reply);
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    let calls = 0;
    const result = await run(loaded, {
      onEvent: () => {
        calls++;
        throw new Error('listener broke\n    at somewhere (listener.js:1:1)');
      },
    });
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ value: 42 });
    expect(lines(server)).toEqual(['GET /first', 'GET /second']);
    // Every event still reached the listener.
    expect(calls).toBeGreaterThan(8);
    expect(result.warnings).toEqual(['the onEvent listener threw at the run.start event: listener broke (its later errors are not reported; the run went on)']);
  });

  it('D29: a listener that throws on one event type only still sees the rest, in order', async () => {
    const server = await scriptedServer(reply);
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const seen: string[] = [];
    const result = await run(loaded, {
      onEvent: (event: RunEvent) => {
        seen.push(event.type);
        if (event.type === 'response') throw 'not an Error';
      },
    });
    expect(result.status).toBe('success');
    expect(seen.at(-1)).toBe('run.end');
    expect(seen.filter((type) => type === 'request')).toHaveLength(2);
    expect(result.warnings).toEqual(['the onEvent listener threw at the response event: not an Error (its later errors are not reported; the run went on)']);
  });

  it('D29: an async listener that rejects: no unhandled rejection, the run completes, one warning', async () => {
    const server = await scriptedServer(reply);
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const result = await run(loaded, {
        onEvent: (async (event: RunEvent) => {
          if (event.type === 'step.start') throw new Error('async listener broke');
        }) as (event: RunEvent) => void,
      });
      expect(result.status).toBe('success');
      expect(lines(server)).toEqual(['GET /first', 'GET /second']);
      expect(result.warnings).toEqual(['the onEvent listener threw at the step.start event: async listener broke (its later errors are not reported; the run went on)']);
      // Give a stray rejection time to surface.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('D29: a failing run with a throwing listener still reports its failure, and the listener warning', async () => {
    const server = await scriptedServer(() => ({ status: 500, body: {} }));
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const result = await run(loaded, {
      onEvent: (event: RunEvent) => {
        if (event.type === 'step.end') throw new Error('boom');
      },
    });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toContain('step one failed');
    expect(result.warnings).toEqual(['the onEvent listener threw at the step.end event: boom (its later errors are not reported; the run went on)']);
  });
});
