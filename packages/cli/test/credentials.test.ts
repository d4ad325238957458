/**
 * `loom run` with credentials (--credentials, --env-file, LOOM_* variables, --input-env) against a
 * real local server that checks each credential, every output checked for every secret; and
 * `loom env`. DECISIONS D74-D78.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../../test/support/fake-context.js';
import { runLoom } from '../../../test/support/run-loom.js';
import { startServer, type LocalServer } from '../../engine/test/http/local-server.js';

const USERNAME = 'basic-user-0';
const PASSWORD = 'basic-password-1';
const QUERY_KEY = 'query key/2';
const CLIENT_SECRET = 'client-secret-3';
const ACCESS_TOKEN = 'oauth-access-token-777';
const BEARER_TOKEN = 'env-bearer-token-4';
const BASIC = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const CLIENT_BASIC = Buffer.from(`loom-cli:${CLIENT_SECRET}`).toString('base64');
const SECRETS = [USERNAME, PASSWORD, QUERY_KEY, encodeURIComponent(QUERY_KEY), CLIENT_SECRET, ACCESS_TOKEN, BEARER_TOKEN, BASIC, CLIENT_BASIC];

let server: LocalServer;
let folder: string;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const reply = (status: number, body: unknown) => {
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(body));
    };
    const authorization = request.headers.authorization;
    switch (url.pathname) {
      case '/token':
        return authorization === `Basic ${CLIENT_BASIC}` ? reply(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }) : reply(401, { error: 'invalid_client' });
      case '/basic':
        return reply(authorization === `Basic ${BASIC}` ? 200 : 401, { seen: authorization });
      case '/query':
        return reply(url.searchParams.get('api_key') === QUERY_KEY && url.searchParams.get('tenant') === 'tenant-from-env' ? 200 : 401, { seen: url.search });
      case '/oauth':
        return reply(authorization === `Bearer ${ACCESS_TOKEN}` ? 200 : 401, { seen: authorization });
      case '/bearer':
        // Echoes the credential: the failing criterion's explanation quotes it.
        return reply(authorization === `Bearer ${BEARER_TOKEN}` ? 200 : 401, { seen: authorization });
      default:
        return reply(404, {});
    }
  });
  folder = await mkdtemp(join(tmpdir(), 'loom-credentials-'));
  const get = (path: string, id: string, scheme: string) => `  ${path}:
    get: { operationId: ${id}, security: [{ ${scheme}: [] }], responses: { '200': { description: ok } } }`;
  await writeFile(
    join(folder, 'api.openapi.yaml'),
    `openapi: 3.1.0
info: { title: secured, version: 1.0.0 }
servers: [{ url: '${server.url}' }]
paths:
${get('/basic', 'getBasic', 'basicAuth')}
${get('/query', 'getQuery', 'queryKey')}
${get('/oauth', 'getOauth', 'oauth')}
${get('/bearer', 'getBearer', 'bearerAuth')}
components:
  securitySchemes:
    basicAuth: { type: http, scheme: basic }
    queryKey: { type: apiKey, in: query, name: api_key }
    bearerAuth: { type: http, scheme: bearer }
    oauth:
      type: oauth2
      flows: { clientCredentials: { tokenUrl: /token, scopes: { read: read } } }
`,
  );
  await writeFile(
    join(folder, 'flow.arazzo.yaml'),
    `arazzo: 1.0.1
info: { title: secured, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: secured
    inputs:
      type: object
      properties:
        tenant: { type: string }
    steps:
      - { stepId: basic, operationId: getBasic, successCriteria: [{ condition: $statusCode == 200 }] }
      - stepId: query
        operationId: getQuery
        parameters: [{ name: tenant, in: query, value: $inputs.tenant }]
        successCriteria: [{ condition: $statusCode == 200 }]
      - { stepId: oauth, operationId: getOauth, successCriteria: [{ condition: $statusCode == 200 }] }
      - stepId: bearer
        operationId: getBearer
        successCriteria: [{ condition: $statusCode == 200 }, { condition: $response.body#/seen == 'something else' }]
`,
  );
  await writeFile(
    join(folder, 'credentials.yaml'),
    `api:
  basicAuth: { username: ${USERNAME}, password: ${PASSWORD} }
  queryKey: { apiKey: '${QUERY_KEY}' }
  oauth: { clientId: loom-cli, clientSecret: ${CLIENT_SECRET} }
`,
  );
  await writeFile(join(folder, '.env'), `# dotenv syntax, read by node:util parseEnv\nLOOM_API_BEARERAUTH_TOKEN="${BEARER_TOKEN}"\nTENANT_ID=tenant-from-env\n`);
});

afterAll(async () => {
  await server?.close();
});

const RUN = ['run', 'flow.arazzo.yaml', '--credentials', 'credentials.yaml', '--env-file', '.env', '--input-env', 'tenant=TENANT_ID'];

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} shows ${secret}`).toBe(false);
}

describe('loom run with credentials (D74-D78)', () => {
  it('D75: --credentials, --env-file and --input-env: every scheme applied, every secret masked in --json, reports, HAR and the error', async () => {
    const result = await runLoomInProcess([...RUN, '--json', '--report', 'json=report.json', '--report', 'junit=report.xml', '--har', 'run.har'], { cwd: folder });
    // Every step but the last passes: the server accepted each credential; the last fails on its second criterion.
    const report = JSON.parse(result.stdout) as { status: string; steps: { stepId: string; status: string }[]; error?: { message: string } };
    expect(report.steps.map((step) => `${step.stepId}:${step.status}`)).toEqual(['basic:success', 'query:success', 'oauth:success', 'bearer:failure']);
    expect(report.error?.message).toContain('seen');
    expectNoSecret(result.stdout, '--json');
    expectNoSecret(result.stderr, 'stderr');
    for (const file of ['report.json', 'report.xml', 'run.har']) expectNoSecret(await readFile(join(folder, file), 'utf8'), file);
    expect(await readFile(join(folder, 'run.har'), 'utf8')).toContain('tenant=tenant-from-env');
  });

  it('D74: --verbose shows the requests with every credential masked', async () => {
    const result = await runLoomInProcess([...RUN, '--verbose'], { cwd: folder });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('/query?tenant=tenant-from-env&api_key=****');
    expectNoSecret(result.stdout + result.stderr, '--verbose');
  });

  it('D78: the real environment wins over --env-file; --input wins over --input-env; an unset variable is a usage error', async () => {
    const overridden = await runLoomInProcess([...RUN, '--json'], { cwd: folder, env: { LOOM_API_BEARERAUTH_TOKEN: 'from-the-real-environment' } });
    expect(server.received.at(-1)!.headers.authorization).toBe('Bearer from-the-real-environment');
    expect(overridden.stdout).not.toContain('from-the-real-environment');
    await runLoomInProcess([...RUN, '--input', 'tenant=from-input', '--json'], { cwd: folder });
    expect(server.received.filter((request) => request.url.startsWith('/query')).at(-1)!.url).toContain('tenant=from-input');
    const missing = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--input-env', 'tenant=LOOM_TEST_UNSET_VARIABLE'], { cwd: folder });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('loom: run: --input-env tenant=LOOM_TEST_UNSET_VARIABLE: the environment variable LOOM_TEST_UNSET_VARIABLE is not set\n');
  });

  it('D75: a credentials file with an unknown field is a usage error that shows no value', async () => {
    await writeFile(join(folder, 'bad-credentials.yaml'), 'api:\n  basicAuth: { user: someone, password: hunter22 }\n');
    const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--credentials', 'bad-credentials.yaml'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('run: --credentials bad-credentials.yaml: api.basicAuth.user is not a credential field');
    expect(result.stderr).not.toContain('hunter22');
  });
});

describe('loom env (D75)', () => {
  it('D75: lists per workflow each scheme, where its credentials come from and every variable, never a value', async () => {
    const result = await runLoomInProcess(['env', 'flow.arazzo.yaml', '--credentials', 'credentials.yaml', '--env-file', '.env', '--input-env', 'tenant=TENANT_ID', '--input-env', 'other=LOOM_TEST_UNSET_VARIABLE'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('workflow secured\n');
    expect(result.stdout).toContain('  api.basicAuth (http basic): set in --credentials\n');
    expect(result.stdout).toMatch(/ {4}LOOM_API_BASICAUTH_USERNAME +not set\n {4}LOOM_API_BASICAUTH_PASSWORD +not set\n/);
    expect(result.stdout).toContain('  api.queryKey (apiKey in query api_key): set in --credentials\n');
    expect(result.stdout).toContain('  api.oauth (oauth2 client credentials): set in --credentials\n');
    expect(result.stdout).toContain('  api.bearerAuth (http bearer): set in the environment\n');
    expect(result.stdout).toMatch(/ {4}LOOM_API_BEARERAUTH_TOKEN +set\n/);
    expect(result.stdout).toContain('  input tenant from TENANT_ID: set\n');
    expect(result.stdout).toContain('  input other from LOOM_TEST_UNSET_VARIABLE: not set\n');
    expectNoSecret(result.stdout, 'loom env');
    expect(result.stdout).not.toContain('tenant-from-env');
  });

  it("D75: the Amberflo example: the steps set the API key header themselves (the step wins); --json", async () => {
    const result = await runLoomInProcess(['env', 'examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml', '--json'], { env: { LOOM_METERINGAPI_APIKEYAUTH_KEY: 'not-shown-1234' } });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { workflows: { workflowId: string; schemes: { source: string; scheme: string; from: string; setBySteps: string[]; variables: { variable: string; set: boolean }[] }[] }[] };
    const metering = report.workflows[0]!.schemes.find((scheme) => scheme.source === 'meteringApi')!;
    expect(metering).toMatchObject({ scheme: 'ApiKeyAuth', from: 'environment', variables: [{ variable: 'LOOM_METERINGAPI_APIKEYAUTH_KEY', set: true }] });
    expect(metering.setBySteps.length).toBeGreaterThan(0);
    expect(result.stdout).not.toContain('not-shown-1234');
  });

  it('the bundle runs loom env', async () => {
    const result = await runLoom(['env', 'flow.arazzo.yaml', '--env-file', '.env'], { cwd: folder });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  api.bearerAuth (http bearer): set in the environment\n');
  });
});
