/**
 * OAuth2 client credentials and OpenID Connect (DECISIONS D76) against a local token endpoint
 * that counts its requests and checks the client's credentials.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedRequest } from '../http/local-server.js';
import { HEADER, runRecorded, scriptedServer } from '../runner/harness.js';
import { loadFromFiles } from '../runner/workspace.js';

const FLOW = `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: first
        operationId: getThing
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: second
        operationId: getThing
        successCriteria: [{ condition: $statusCode == 200 }]
`;

const CLIENT = { clientId: 'loom-client', clientSecret: 'client-secret-42' };
const BASIC = `Basic ${Buffer.from('loom-client:client-secret-42').toString('base64')}`;

/**
 * One server for the token endpoint (`/token`, `/.well-known/openid-configuration`) and the API
 * (`/thing`, which takes only the token most recently issued). `expiresIn` per token response.
 */
async function authServer(expiresIn: number | undefined, options: { delayMs?: number } = {}) {
  let issued = 0;
  let valid = '';
  const tokenRequests: ReceivedRequest[] = [];
  const server = await scriptedServer((request, _index, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/.well-known/openid-configuration') return { body: { issuer: 'x', token_endpoint: '/token' } };
    if (path === '/token') {
      tokenRequests.push(request);
      if (request.headers.authorization !== BASIC) return { status: 401, body: { error: 'invalid_client', error_description: 'bad secret client-secret-42' } };
      issued += 1;
      valid = `access-token-${issued}`;
      const body = JSON.stringify({ access_token: valid, token_type: 'Bearer', refresh_token: `refresh-${issued}`, ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}) });
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(body);
      }, options.delayMs ?? 0);
      return undefined;
    }
    return request.headers.authorization === `Bearer ${valid}` ? { body: { ok: true } } : { status: 401, body: {} };
  });
  return {
    server,
    tokenRequests,
    /** Makes the API refuse every token issued so far (as after a key rotation). */
    revoke: () => (valid = 'revoked'),
  };
}

function api(serverUrl: string, scheme: string, scopes = '[read:things]'): string {
  return `openapi: 3.1.0
info: { title: oauth api, version: 1.0.0 }
servers: [{ url: '${serverUrl}' }]
security: [{ oauth: ${scopes} }]
paths:
  /thing:
    get: { operationId: getThing, responses: { '200': { description: ok } } }
components:
  securitySchemes:
    oauth:
${scheme}`;
}

const clientCredentials = (serverUrl: string) => `      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: ${serverUrl}/token
          scopes: { read:things: read, write:things: write }`;

describe('D76: OAuth2 client credentials', () => {
  it('D76: the token is fetched with the scheme scopes and client_secret_basic, then cached until it expires', async () => {
    const auth = await authServer(3600);
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, clientCredentials(auth.server.url)) });
    const first = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(first.result.status).toBe('success');
    const second = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(second.result.status).toBe('success');
    // Two runs of two steps: one token request.
    expect(auth.tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(auth.tokenRequests[0]!.body.toString());
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', scope: 'read:things' });
    expect(auth.tokenRequests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it("D76: an expired token (expires_in 0) is fetched again; a requirement without scopes asks for the flow's", async () => {
    const auth = await authServer(0);
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, clientCredentials(auth.server.url), '[]') });
    const { result } = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(result.status).toBe('success');
    expect(auth.tokenRequests).toHaveLength(2);
    expect(new URLSearchParams(auth.tokenRequests[0]!.body.toString()).get('scope')).toBe('read:things write:things');
  });

  it('D76: a 401 drops the token and the request is sent once more with a fresh one', async () => {
    const auth = await authServer(3600);
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, clientCredentials(auth.server.url)) });
    expect((await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } })).result.status).toBe('success');
    auth.revoke();
    const { result, events } = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(result.status).toBe('success');
    expect(auth.tokenRequests).toHaveLength(2);
    // The refused request and its answer are in the events too.
    expect(events.filter((event) => event.type === 'response').map((event) => (event as { statusCode: number }).statusCode)).toEqual([401, 200, 200]);
    expect(result.steps.map((step) => step.attempts)).toEqual([1, 1]);
  });

  it('D76: a refresh happens once: a token the API keeps refusing fails the step with the 401', async () => {
    const auth = await authServer(3600);
    const server = await scriptedServer(() => ({ status: 401, body: {} }));
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': FLOW,
      'api.openapi.yaml': api(server.url, clientCredentials(auth.server.url)),
    });
    const { result } = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(result.status).toBe('failure');
    expect(server.received).toHaveLength(2);
    expect(auth.tokenRequests).toHaveLength(2);
  });

  it('D76: concurrent runs share one token request', async () => {
    const auth = await authServer(3600, { delayMs: 100 });
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, clientCredentials(auth.server.url)) });
    const results = await Promise.all(Array.from({ length: 8 }, () => runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } })));
    expect(results.map(({ result }) => result.status)).toEqual(Array(8).fill('success'));
    expect(auth.tokenRequests).toHaveLength(1);
  });

  it('D76: a refused client fails the step with the token endpoint status and error code, secrets masked', async () => {
    const auth = await authServer(3600);
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, clientCredentials(auth.server.url)) });
    const { result } = await runRecorded(loaded, { credentials: { api: { oauth: { clientId: 'loom-client', clientSecret: 'wrong-secret' } } }, maskSecrets: true });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toContain(`cannot get an OAuth2 access token from ${auth.server.url}/token: the token endpoint answered 401 (invalid_client)`);
    expect(JSON.stringify(result)).not.toContain('wrong-secret');
    expect(JSON.stringify(result)).not.toContain('bad secret');
  });

  it('D76: a ready token in the credentials is sent as it is, with no token request', async () => {
    const auth = await authServer(3600);
    const server = await scriptedServer((request) => (request.headers.authorization === 'Bearer given-token' ? { body: {} } : { status: 401 }));
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(server.url, clientCredentials(auth.server.url)) });
    expect((await runRecorded(loaded, { credentials: { api: { oauth: { token: 'given-token' } } } })).result.status).toBe('success');
    expect(auth.tokenRequests).toHaveLength(0);
  });
});

describe('D76: OpenID Connect', () => {
  it('D76: the token endpoint comes from the discovery document; client credentials as for OAuth2', async () => {
    const auth = await authServer(3600);
    const scheme = `      type: openIdConnect
      openIdConnectUrl: ${auth.server.url}/.well-known/openid-configuration`;
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': FLOW, 'api.openapi.yaml': api(auth.server.url, scheme, '[openid, things]') });
    const { result } = await runRecorded(loaded, { credentials: { api: { oauth: CLIENT } } });
    expect(result.status).toBe('success');
    expect(auth.tokenRequests).toHaveLength(1);
    expect(new URLSearchParams(auth.tokenRequests[0]!.body.toString()).get('scope')).toBe('openid things');
    expect(auth.server.received.filter((request) => request.url.includes('openid-configuration'))).toHaveLength(1);
  });
});
