import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from '../../support/fake-context.js';
import { corpusFolder } from '../corpus.mjs';
import { startPetstoreServer, startUsersServer } from './pet-and-user-servers.js';

const testData = join(corpusFolder, 'jentic/arazzo-engine/runner/tests/test_data');

interface RunJson {
  readonly status: string;
  readonly outputs: Record<string, unknown>;
  readonly steps: readonly { readonly stepId: string; readonly status: string; readonly statusCode?: number }[];
}

// Each case starts the loom process (a second or more on a loaded machine), hence the timeout.
describe('corpus: Jentic cross_source.arazzo.yaml runs end to end against local petstore and user services', { timeout: 60_000 }, () => {
  let petstore: LocalServer;
  let users: LocalServer;
  beforeEach(async () => {
    [petstore, users] = await Promise.all([startPetstoreServer(), startUsersServer()]);
  });
  afterEach(() => Promise.all([petstore.close(), users.close()]));

  it('crossSourceWorkflow: each step goes to its own source, the first pet id chains into both path parameters', async () => {
    // The document's source urls are the APIs' servers (https://petstore.example.com/v1): --source gives the
    // OpenAPI files Jentic's test loads for them, --server the local services.
    const args = ['run', 'cross_source/cross_source.arazzo.yaml', '--json'];
    args.push('--source', 'petstore=petstore/petstore.openapi.yaml', '--source', 'users=mock_apis/users.openapi.yaml');
    args.push('--server', `petstore=${petstore.url}`, '--server', `users=${users.url}`);
    const result = await runLoomInProcess(args, { cwd: testData });
    // stderr may carry logs (issue 11 adds a one-line warning count on run); never a stack trace.
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as RunJson;
    expect(run.status).toBe('success');
    expect(run.steps.map((step) => [step.stepId, step.status, step.statusCode])).toEqual([
      ['listPetsStep', 'success', 200],
      ['getPetStep', 'success', 200],
      ['getUserStep', 'success', 200],
    ]);
    expect(run.outputs).toEqual({ petName: 'Fido', username: 'fido_owner' });
    expect(petstore.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /pets', 'GET /pets/42']);
    expect(users.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /users/42']);
  });
});
