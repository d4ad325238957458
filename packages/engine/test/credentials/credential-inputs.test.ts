/**
 * DECISIONS D60: the workflow inputs that carry nothing but a security scheme's credential, found
 * once per compiled document, and runs that leave them to the credentials (`inputsFromCredentials`),
 * against a real local server that checks the credential it receives.
 */
import { describe, expect, it } from 'vitest';
import { describeCredentialInputs, isLoomError, type LoadedDocument } from '../../src/index.js';
import type { ReceivedRequest } from '../http/local-server.js';
import { HEADER, runRecorded, scriptedServer } from '../runner/harness.js';
import { loadFromFiles } from '../runner/workspace.js';

const API = (serverUrl: string) => `openapi: 3.1.0
info: { title: secured api, version: 1.0.0 }
servers: [{ url: '${serverUrl}' }]
security: [{ key: [] }]
paths:
  /thing:
    get:
      operationId: getThing
      responses: { '200': { description: ok } }
  /token-thing:
    get:
      operationId: getTokenThing
      security: [{ bearerAuth: [] }]
      responses: { '200': { description: ok } }
  /query-thing:
    get:
      operationId: getQueryThing
      security: [{ queryKey: [] }]
      responses: { '200': { description: ok } }
  /open:
    post:
      operationId: postOpen
      security: []
      responses: { '200': { description: ok } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Api-Key }
    queryKey: { type: apiKey, in: query, name: api_key }
    bearerAuth: { type: http, scheme: bearer }
    basicAuth: { type: http, scheme: basic }
`;

const FLOW = `${HEADER}components:
  parameters:
    keyHeader: { name: x-api-key, in: header, value: $inputs.apiKey }
workflows:
  - workflowId: direct
    description: Reads $inputs.apiKey only in the X-Api-Key header (prose is never evaluated).
    inputs:
      type: object
      required: [apiKey, token, customer]
      properties:
        apiKey: { type: string }
        token: { type: string }
        queryKey: { type: string }
        customer: { type: string }
    steps:
      - stepId: keyed
        operationId: getThing
        parameters:
          - reference: $components.parameters.keyHeader
          - { name: customer, in: query, value: $inputs.customer }
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: bearer
        operationId: getTokenThing
        parameters:
          - { name: Authorization, in: header, value: 'Bearer {$inputs.token}' }
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: query
        operationId: getQueryThing
        parameters:
          - { name: api_key, in: query, value: $inputs.queryKey }
        successCriteria: [{ condition: $statusCode == 200 }]
  - workflowId: elsewhere
    inputs:
      type: object
      properties:
        apiKey: { type: string }
        signature: { type: string }
        token: { type: string }
    steps:
      - stepId: keyed
        operationId: getThing
        parameters:
          - { name: X-API-KEY, in: header, value: $inputs.apiKey }
          - { name: X-Signature, in: header, value: $inputs.signature }
      - stepId: open
        operationId: postOpen
        parameters:
          - { name: Authorization, in: header, value: $inputs.token }
        requestBody:
          contentType: application/json
          payload: { key: $inputs.apiKey }
  - workflowId: respect
    x-security:
      - schemeName: basicAuth
        values: { username: $inputs.user, password: $inputs.password }
    inputs:
      type: object
      required: [user, password]
      properties:
        user: { type: string }
        password: { type: string, format: password }
    steps:
      - stepId: open
        operationId: postOpen
        successCriteria: [{ condition: $statusCode == 200 }]
`;

const secrets = { apiKey: 'key-held-5e1c', token: 'tok-held-88a0', queryKey: 'query-held-71d2', user: 'ann', password: 'pw-held-0b3f' };

function accepts(request: ReceivedRequest): boolean {
  const url = new URL(request.url, 'http://x');
  if (url.pathname === '/thing') return request.headers['x-api-key'] === secrets.apiKey;
  if (url.pathname === '/token-thing') return request.headers.authorization === `Bearer ${secrets.token}`;
  if (url.pathname === '/query-thing') return url.searchParams.get('api_key') === secrets.queryKey;
  return request.headers.authorization === `Basic ${Buffer.from(`${secrets.user}:${secrets.password}`).toString('base64')}`;
}

async function setUp(): Promise<{ loaded: LoadedDocument; server: Awaited<ReturnType<typeof scriptedServer>> }> {
  const server = await scriptedServer((request) => (accepts(request) ? { body: { ok: true } } : { status: 401, body: { error: 'unauthorized' } }));
  const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': API(server.url) });
  return { loaded, server };
}

const credentials = { api: { key: { apiKey: secrets.apiKey }, bearerAuth: { token: secrets.token } } };
const environment = { LOOM_API_QUERYKEY_KEY: secrets.queryKey, LOOM_API_BASICAUTH_USERNAME: secrets.user, LOOM_API_BASICAUTH_PASSWORD: secrets.password };

describe('D60: the inputs that only carry credentials', () => {
  it('D60: a parameter in the scheme header (any case, through a reusable parameter), a template of one input, a query key and x-security values are credential inputs', async () => {
    const { loaded } = await setUp();
    const described = describeCredentialInputs(loaded.model!, { credentials, credentialEnvironment: environment });
    expect(described.find((workflow) => workflow.workflowId === 'direct')!.inputs).toEqual([
      { name: 'apiKey', uses: [{ stepId: 'keyed', source: 'api', scheme: 'key', via: 'parameter' }], held: true },
      { name: 'token', uses: [{ stepId: 'bearer', source: 'api', scheme: 'bearerAuth', via: 'parameter' }], held: true },
      { name: 'queryKey', uses: [{ stepId: 'query', source: 'api', scheme: 'queryKey', via: 'parameter' }], held: true },
    ]);
    expect(described.find((workflow) => workflow.workflowId === 'respect')!.inputs).toEqual([
      { name: 'user', uses: [{ stepId: 'open', source: 'api', scheme: 'basicAuth', via: 'x-security' }], held: true },
      { name: 'password', uses: [{ stepId: 'open', source: 'api', scheme: 'basicAuth', via: 'x-security' }], held: true },
    ]);
    // Held only where the credentials have the scheme's entry: the environment is not read unless given (D75).
    const partly = describeCredentialInputs(loaded.model!, { credentials: { api: { key: { apiKey: 'k' } } } });
    expect(partly.find((workflow) => workflow.workflowId === 'direct')!.inputs.map(({ name, held }) => [name, held])).toEqual([
      ['apiKey', true],
      ['token', false],
      ['queryKey', false],
    ]);
  });

  it('D60: an input also read elsewhere (a body), one in a header no scheme of the operation uses, or one for an operation without security is not one', async () => {
    const { loaded } = await setUp();
    const described = describeCredentialInputs(loaded.model!, { credentials });
    expect(described.find((workflow) => workflow.workflowId === 'elsewhere')!.inputs).toEqual([]);
  });

  it('D60: a run given inputsFromCredentials needs none of them; the credentials apply in their place and a value given is not used', async () => {
    const { loaded, server } = await setUp();
    const { result } = await runRecorded(loaded, {
      workflowId: 'direct',
      inputs: { customer: 'acme', apiKey: 'agent-made-up' },
      inputsFromCredentials: ['apiKey', 'token', 'queryKey'],
      credentials,
      credentialEnvironment: environment,
    });
    expect(result.status).toBe('success');
    expect(server.received.map((request) => request.url)).toEqual(['/thing?customer=acme', '/token-thing', `/query-thing?api_key=${secrets.queryKey}`]);
    expect(server.received[0]!.headers['x-api-key']).toBe(secrets.apiKey);
    expect(server.received.flatMap((request) => request.rawHeaders).join('\n')).not.toContain('agent-made-up');

    const respect = await runRecorded(loaded, { workflowId: 'respect', inputsFromCredentials: ['user', 'password'], credentialEnvironment: environment });
    expect(respect.result.status).toBe('success');
  });

  it('D60: without inputsFromCredentials a required credential input is still required, as loom run has it', async () => {
    const { loaded } = await setUp();
    const refused = await runRecorded(loaded, { workflowId: 'direct', inputs: { customer: 'acme' }, credentials }).catch((error: unknown) => error);
    expect(isLoomError(refused) && refused.code).toBe('LOOM_ERR_INPUTS');
    expect((refused as Error).message).toMatch(/input apiKey is required/);
  });

  it('D60: an input that carries no credential alone cannot be left to the credentials (a usage error)', async () => {
    const { loaded, server } = await setUp();
    const refused = await runRecorded(loaded, { workflowId: 'elsewhere', inputsFromCredentials: ['apiKey'], credentials }).catch((error: unknown) => error);
    expect(isLoomError(refused) && refused.code).toBe('LOOM_ERR_USAGE');
    expect((refused as Error).message).toBe("inputsFromCredentials: input apiKey of workflow elsewhere does not only carry a security scheme's credential");
    expect(server.received).toEqual([]);
  });

  it('D60: a parameter that carries a scheme credential is a secret: a query key given as an input is masked in events and in the result', async () => {
    const { loaded } = await setUp();
    const { result, events } = await runRecorded(loaded, {
      workflowId: 'direct',
      inputs: { customer: 'acme', apiKey: secrets.apiKey, token: secrets.token, queryKey: secrets.queryKey },
      maskSecrets: true,
    });
    expect(result.status).toBe('success');
    const request = events.find((event) => event.type === 'request' && event.stepId === 'query');
    expect(request).toMatchObject({ url: expect.stringMatching(/\/query-thing\?api_key=\*\*\*\*$/) });
    expect(JSON.stringify(events)).not.toContain(secrets.queryKey);
  });

  it('D60: x-security values that give no credential leave a scheme of the source to the credentials; given values still win', async () => {
    const { loaded, server } = await setUp();
    // The inputs are optional here in effect (left out): the environment's entry for api/basicAuth applies.
    const fromStore = await runRecorded(loaded, { workflowId: 'respect', inputsFromCredentials: ['user', 'password'], credentialEnvironment: environment });
    expect(fromStore.result.status).toBe('success');
    const given = await runRecorded(loaded, { workflowId: 'respect', inputs: { user: 'ann', password: 'wrong-pw' }, credentialEnvironment: environment });
    expect(given.result.status).toBe('failure');
    expect(server.received.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('ann:wrong-pw').toString('base64')}`);
  });
});
