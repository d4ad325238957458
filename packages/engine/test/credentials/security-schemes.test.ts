/**
 * Credentials from the OpenAPI security schemes (issue 14), against real local servers that
 * check what they receive. DECISIONS D74 (which requirement, step wins), D75 (where credentials
 * come from), D76 (OAuth2 tokens), D77 (x-security).
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedRequest } from '../http/local-server.js';
import { HEADER, runRecorded, scriptedServer, type Reply } from '../runner/harness.js';
import { loadFromFiles } from '../runner/workspace.js';

function api(serverUrl: string, schemes: string, security: string, extra = ''): string {
  return `openapi: 3.1.0
info: { title: secured api, version: 1.0.0 }
servers: [{ url: '${serverUrl}' }]
${security}
paths:
  /thing:
    get:
      operationId: getThing
${extra}      responses: { '200': { description: ok } }
components:
  securitySchemes:
${schemes}`;
}

const FLOW = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getThing
        successCriteria: [{ condition: $statusCode == 200 }]
`;

/** A server that answers 200 when `accepts` the request, else 401. */
async function guardedServer(accepts: (request: ReceivedRequest) => boolean, extra?: (request: ReceivedRequest) => Reply | undefined) {
  return scriptedServer((request) => extra?.(request) ?? (accepts(request) ? { body: { ok: true } } : { status: 401, body: { error: 'unauthorized' } }));
}

async function load(serverUrl: string, schemes: string, security: string, flow = FLOW, extra = '') {
  return loadFromFiles({ 'flow.arazzo.yaml': flow, 'api.openapi.yaml': api(serverUrl, schemes, security, extra) });
}

describe('D74: credentials applied from the security schemes', () => {
  it('D74: apiKey in a header, a query parameter and a cookie', async () => {
    for (const [location, check] of [
      ['header', (request: ReceivedRequest) => request.headers['x-api-key'] === 'key-header-1'],
      ['query', (request: ReceivedRequest) => new URL(request.url, 'http://x').searchParams.get('api_key') === 'key query&1'],
      ['cookie', (request: ReceivedRequest) => request.headers.cookie === 'session=key-cookie-1'],
    ] as const) {
      const server = await guardedServer(check);
      const name = location === 'header' ? 'X-Api-Key' : location === 'query' ? 'api_key' : 'session';
      const value = location === 'header' ? 'key-header-1' : location === 'query' ? 'key query&1' : 'key-cookie-1';
      const loaded = await load(server.url, `    key: { type: apiKey, in: ${location}, name: ${name} }`, 'security: [{ key: [] }]');
      const { result } = await runRecorded(loaded, { credentials: { api: { key: { apiKey: value } } } });
      expect(result.status, location).toBe('success');
    }
  });

  it('D74: http basic and bearer', async () => {
    const basic = await guardedServer((request) => request.headers.authorization === `Basic ${Buffer.from('ann:s3cret-pw').toString('base64')}`);
    const loadedBasic = await load(basic.url, '    basicAuth: { type: http, scheme: basic }', 'security: [{ basicAuth: [] }]');
    expect((await runRecorded(loadedBasic, { credentials: { api: { basicAuth: { username: 'ann', password: 's3cret-pw' } } } })).result.status).toBe('success');

    const bearer = await guardedServer((request) => request.headers.authorization === 'Bearer tok-123456');
    const loadedBearer = await load(bearer.url, '    bearerAuth: { type: http, scheme: bearer, bearerFormat: JWT }', 'security: [{ bearerAuth: [] }]');
    expect((await runRecorded(loadedBearer, { credentials: { api: { bearerAuth: { token: 'tok-123456' } } } })).result.status).toBe('success');
    // Without credentials the request goes as the step builds it, and the server refuses it.
    const { result } = await runRecorded(loadedBearer);
    expect(result.status).toBe('failure');
    expect(bearer.received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("D74: the step's own header, query parameter or cookie wins over the scheme", async () => {
    const server = await guardedServer((request) => request.headers['x-api-key'] === 'from-step' && request.headers.authorization === 'Bearer step-token');
    const flow = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getThing
        parameters:
          - { name: x-api-key, in: header, value: from-step }
          - { name: Authorization, in: header, value: Bearer step-token }
        successCriteria: [{ condition: $statusCode == 200 }]
`;
    const loaded = await load(
      server.url,
      '    key: { type: apiKey, in: header, name: X-API-Key }\n    bearerAuth: { type: http, scheme: bearer }',
      'security: [{ key: [], bearerAuth: [] }]',
      flow,
    );
    const { result } = await runRecorded(loaded, { credentials: { api: { key: { apiKey: 'from-scheme' }, bearerAuth: { token: 'scheme-token' } } } });
    expect(result.status).toBe('success');
    expect(server.received[0]!.rawHeaders.filter((header) => /from-scheme|scheme-token/.test(header))).toEqual([]);
    for (const [location, name] of [['query', 'api_key'], ['cookie', 'session']] as const) {
      const own = await scriptedServer();
      const ownFlow = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getThing
        parameters: [{ name: ${name}, in: ${location}, value: from-step }]
`;
      const loadedOwn = await load(own.url, `    key: { type: apiKey, in: ${location}, name: ${name} }`, 'security: [{ key: [] }]', ownFlow);
      expect((await runRecorded(loadedOwn, { credentials: { api: { key: { apiKey: 'from-scheme' } } } })).result.status).toBe('success');
      const received = own.received[0]!;
      expect(location === 'query' ? received.url : received.headers.cookie, location).toBe(location === 'query' ? '/thing?api_key=from-step' : 'session=from-step');
    }
  });

  it('D74: alternative requirements: the first whose credentials are all present; security: [] means none', async () => {
    const server = await guardedServer((request) => request.headers['x-api-key'] === 'second-key');
    const loaded = await load(
      server.url,
      '    basicAuth: { type: http, scheme: basic }\n    key: { type: apiKey, in: header, name: X-Api-Key }\n    bearerAuth: { type: http, scheme: bearer }',
      // The first alternative needs both basic and bearer; only bearer's token is given, so the second applies.
      'security: [{ basicAuth: [], bearerAuth: [] }, { key: [] }]',
    );
    const { result } = await runRecorded(loaded, { credentials: { api: { bearerAuth: { token: 'unused-token' }, key: { apiKey: 'second-key' } } } });
    expect(result.status).toBe('success');
    expect(server.received[0]!.headers.authorization).toBeUndefined();

    const open = await guardedServer((request) => request.headers['x-api-key'] === undefined);
    const loadedOpen = await load(open.url, '    key: { type: apiKey, in: header, name: X-Api-Key }', 'security: [{ key: [] }]', FLOW, '      security: []\n');
    expect((await runRecorded(loadedOpen, { credentials: { api: { key: { apiKey: 'not-sent' } } } })).result.status).toBe('success');
  });
});

describe('D74: schemes Loom does not apply to the request', () => {
  it('D74: a mutualTLS scheme needs no credential entry: its requirement is met and its other schemes are applied', async () => {
    const server = await guardedServer((request) => request.headers['x-api-key'] === 'with-mtls-1');
    const loaded = await load(server.url, '    mtls: { type: mutualTLS }\n    key: { type: apiKey, in: header, name: X-Api-Key }', 'security: [{ mtls: [], key: [] }]');
    expect((await runRecorded(loaded, { credentials: { api: { key: { apiKey: 'with-mtls-1' } } } })).result.status).toBe('success');
  });
});

describe('D75: where credentials come from', () => {
  it('D75: the credentials option wins over the environment, whose names are LOOM_<SOURCE>_<SCHEME>_<FIELD>', async () => {
    const server = await guardedServer((request) => request.headers.authorization === 'Bearer env-token-1');
    const loaded = await load(server.url, '    bearer-auth: { type: http, scheme: bearer }', 'security: [{ bearer-auth: [] }]');
    const environment = { LOOM_API_BEARER_AUTH_TOKEN: 'env-token-1' };
    expect((await runRecorded(loaded, { credentialEnvironment: environment })).result.status).toBe('success');
    const { result } = await runRecorded(loaded, { credentialEnvironment: environment, credentials: { api: { 'bearer-auth': { token: 'option-token' } } } });
    expect(result.status).toBe('failure');
    expect(server.received.at(-1)!.headers.authorization).toBe('Bearer option-token');
  });
});

describe("D77: Respect's x-security extension", () => {
  it('D77: a step names a scheme of its source and gives its values from inputs; the workflow gives an inline scheme', async () => {
    const server = await guardedServer(
      (request) => request.headers.authorization === `Basic ${Buffer.from('todd@example.com:pw-from-input').toString('base64')}` && request.headers['x-tenant-key'] === 'tenant-key-1',
    );
    const flow = `${HEADER}workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        password: { type: string, format: password }
    x-security:
      - scheme: { type: apiKey, in: header, name: X-Tenant-Key }
        values: { apiKey: tenant-key-1 }
    steps:
      - stepId: get
        operationId: getThing
        x-security:
          - schemeName: basicAuth
            values:
              username: todd@example.com
              password: $inputs.password
        successCriteria: [{ condition: $statusCode == 200 }]
`;
    // The operation declares no security: x-security applies whatever the operation says.
    const loaded = await load(server.url, '    basicAuth: { type: http, scheme: basic }', '', flow);
    const { result, events } = await runRecorded(loaded, { inputs: { password: 'pw-from-input' } });
    expect(result.status).toBe('success');
    expect(JSON.stringify(events)).not.toContain('tenant-key-1');
  });

  it("D77: a step's entry for a scheme replaces the workflow's; an unknown schemeName fails the step clearly", async () => {
    const server = await guardedServer((request) => request.headers.authorization === 'Bearer step-level');
    const flow = (schemeName: string) => `${HEADER}workflows:
  - workflowId: w
    x-security:
      - { schemeName: bearerAuth, values: { token: workflow-level } }
    steps:
      - stepId: get
        operationId: getThing
        x-security:
          - { schemeName: ${schemeName}, values: { accessToken: step-level } }
        successCriteria: [{ condition: $statusCode == 200 }]
`;
    const loaded = await load(server.url, '    bearerAuth: { type: http, scheme: bearer }', '', flow('bearerAuth'));
    expect((await runRecorded(loaded)).result.status).toBe('success');
    const unknown = await load(server.url, '    bearerAuth: { type: http, scheme: bearer }', '', flow('missingAuth'));
    const { result } = await runRecorded(unknown);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toContain("x-security names security scheme 'missingAuth', which source api does not declare");
  });
});
