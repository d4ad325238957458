import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../support/fake-context.js';
import { corpusFolder } from '../corpus.mjs';
import { type MuseumServer, startMuseumServer } from './mock-server.js';

/** The museum example repository as published: arazzo/*.arazzo.yaml beside ../openapi.yaml. */
const museum = join(corpusFolder, 'Redocly/museum-openapi-example');

interface RunJson {
  readonly workflowId: string;
  readonly status: string;
  readonly outputs: Record<string, unknown>;
  readonly steps: readonly { readonly stepId: string; readonly status: string; readonly statusCode?: number; readonly attempts: number }[];
}

// Each case starts the loom process (a second or more on a loaded machine), hence the timeout.
describe('corpus: Redocly museum-tickets.arazzo.yaml runs end to end against a local museum API', { timeout: 60_000 }, () => {
  let server: MuseumServer;
  beforeEach(async () => {
    server = await startMuseumServer();
  });
  afterEach(() => server.close());

  it('get-museum-tickets buys a ticket: one POST /tickets with the workflow header and the payload, the ticketId as output', async () => {
    // The document's server (the OpenAPI file's https://redocly.com/_mock/...) is replaced by the mock, nothing else.
    const result = await runLoomInProcess(['run', 'arazzo/museum-tickets.arazzo.yaml', '--server', `museum-api=${server.url}`, '--json'], { cwd: museum });
    // stderr may carry logs (issue 11 adds a one-line warning count on run); never a stack trace.
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as RunJson;
    expect(run.workflowId).toBe('get-museum-tickets');
    expect(run.status).toBe('success');
    expect(run.steps.map((step) => [step.stepId, step.status, step.statusCode, step.attempts])).toEqual([['buy-tickets', 'success', 201, 1]]);
    expect(server.tickets).toHaveLength(1);
    expect(run.outputs).toEqual({ ticketId: server.tickets[0] });

    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/tickets');
    // The workflow-level parameter applies to every step (Arazzo 1.0.1 §Workflow Object, parameters).
    expect(request!.headers.authorization).toBe('Basic Og==');
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual({ ticketType: 'general', ticketDate: '2023-09-07', email: 'todd@example.com' });
  });

  it('the human output names the workflow, its step and the ticket bought', async () => {
    const result = await runLoomInProcess(['run', 'arazzo/museum-tickets.arazzo.yaml', '--server', `museum-api=${server.url}`], { cwd: museum });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('buy-tickets');
    expect(result.stdout).toContain(server.tickets[0]);
    expect(server.received.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /tickets']);
  });
});
