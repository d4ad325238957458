/**
 * `loom mcp` with the MCP SDK's own client: over Streamable HTTP in process (main with a fake
 * context) and over stdio against the built bundle, the Amberflo example run against its simulator.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../examples/amberflo/simulator/index.mjs';
import { exampleInputs, workflowFile, workflowId } from '../../../test/amberflo/amberflo-fixture.js';
import { fakeContext, runLoomInProcess, type FakeContext } from '../../../test/support/fake-context.js';
import { makeCertificates } from '../../../test/support/services/tls-certificates.js';
import { startHttpsServer } from '../../../test/support/services/https-server.js';
import { main } from '../src/main.js';
import { deriveToolNames } from '../src/mcp/tool-names.js';

const bundle = fileURLToPath(new URL('../dist/bundle/loom.mjs', import.meta.url));

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await simulator?.close();
});
beforeEach(() => simulator.reset());

const serverArgs = (url: string) => ['--server', `meteringApi=${url}`, '--server', `billingApi=${url}`];

interface RunningServer {
  readonly url: URL;
  readonly context: FakeContext;
  stop(): Promise<number>;
}

/** `loom mcp ... --http 0` in process; resolves once it listens (the address is on stderr). */
async function startHttpMcp(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const context = fakeContext({ env });
  const exit = main(['mcp', ...args, '--http', '0'], context);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = /at (http:\/\/\S+)\n/.exec(context.stderrText());
    if (match) {
      return {
        url: new URL(match[1]!),
        context,
        stop: async () => {
          context.sendSignal('SIGTERM');
          return exit;
        },
      };
    }
    const early = await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 20, undefined))]);
    if (early !== undefined) throw new Error(`loom mcp exited ${String(early)}: ${context.stderrText()}`);
    if (Date.now() > deadline) throw new Error(`loom mcp did not listen: ${context.stderrText()}`);
  }
}

async function connect(url: URL, token?: string): Promise<Client> {
  const client = new Client({ name: 'loom-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, token !== undefined ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {});
  await client.connect(transport);
  return client;
}

describe('loom mcp over Streamable HTTP', () => {
  let server: RunningServer;
  let client: Client;
  beforeAll(async () => {
    server = await startHttpMcp([workflowFile, ...serverArgs(simulator.url)]);
    client = await connect(server.url);
  });
  afterAll(async () => {
    await client?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  it('lists one tool per workflow: its name, summary and description, and its inputs schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([workflowId]);
    const [tool] = tools;
    expect(tool!.description).toMatch(/^Define a meter, onboard a customer, assign a plan, and ingest first usage\.\n\nCreates a meter definition/);
    expect(tool!.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['apiKey', 'meterApiName', 'customerId']) });
    expect(Object.keys(tool!.inputSchema.properties ?? {})).toContain('customerEmail');
  });

  it('calls the launch workflow against the simulator: its outputs as structured content and text, a progress notification per step', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool({ name: workflowId, arguments: exampleInputs() }, undefined, { onprogress: (notification) => progress.push(notification) });
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toMatchObject({ meterApiName: 'api-calls', customerId: 'acme-001', assignedProductId: 'starter-plan' });
    const [content] = result.content as { type: string; text: string }[];
    expect(JSON.parse(content!.text)).toEqual(result.structuredContent);
    expect(simulator.state.customers.has('acme-001')).toBe(true);
    expect(progress.map(({ progress: done, message }) => `${done} ${message}`)).toEqual([
      '1 step createMeter succeeded',
      '2 step createCustomer succeeded',
      '3 step assignPlan succeeded',
      '4 step ingestFirstUsage succeeded',
    ]);
  });

  it('a failing call: isError with the failing step and reason, and no secret in it', async () => {
    const wrongKey = 'sk-wrong-key-0123456789';
    const result = await client.callTool({ name: workflowId, arguments: { ...exampleInputs(), apiKey: wrongKey } });
    expect(result.isError).toBe(true);
    const [content] = result.content as { type: string; text: string }[];
    expect(content!.text).toMatch(/^step createMeter failed: /);
    expect(result.structuredContent).toMatchObject({ status: 'failure', error: { stepId: 'createMeter' } });
    expect(JSON.stringify(result)).not.toContain(wrongKey);
  });

  it('inputs that fail the schema: isError, nothing sent', async () => {
    const before = simulator.requests.length;
    const result = await client.callTool({ name: workflowId, arguments: { apiKey: 'x' } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0]!.text).toMatch(/inputs of workflow launch-usage-based-product are invalid/);
    expect(simulator.requests.length).toBe(before);
  });
});

describe('cancellation', () => {
  it('cancelling the call from the client cancels the run: the request in flight is dropped', async () => {
    let closedAt: number | undefined;
    let receivedAt: number | undefined;
    // An API that never answers: only a cancelled run lets go of the request.
    const slow: Server = createServer((request) => {
      receivedAt = Date.now();
      request.socket.once('close', () => {
        closedAt = Date.now();
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const server = await startHttpMcp([workflowFile, ...serverArgs(slowUrl)]);
    const client = await connect(server.url);
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: workflowId, arguments: exampleInputs() }, undefined, { signal: controller.signal, timeout: 60_000 });
      const rejected = expect(call).rejects.toThrow();
      while (receivedAt === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort(new Error('the agent changed its mind'));
      await rejected;
      // Generous: the machine is loaded; the run's own request timeout (30 s) is far longer.
      const deadline = Date.now() + 10_000;
      while (closedAt === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closedAt).toBeDefined();
    } finally {
      await client.close();
      await server.stop();
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

describe('D82: who may reach the HTTP server', () => {
  it('D82: an address beyond loopback without --token-env is refused at start (exit 2)', async () => {
    const result = await runLoomInProcess(['mcp', workflowFile, '--http', '0', '--host', '0.0.0.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('loom: mcp: --host 0.0.0.0 serves beyond this machine and needs a bearer token: --token-env <VAR>\n');
  });

  it('D82: with --token-env, a request without the token or with a wrong one is refused (401), the right one is served', async () => {
    const token = 'loom-mcp-token-5f3a9c';
    const server = await startHttpMcp([workflowFile, ...serverArgs(simulator.url), '--host', '0.0.0.0', '--token-env', 'LOOM_TEST_MCP_TOKEN'], { LOOM_TEST_MCP_TOKEN: token });
    const url = new URL(server.url.pathname, `http://127.0.0.1:${server.url.port}`);
    try {
      await expect(connect(url)).rejects.toMatchObject({ code: 401, message: expect.stringContaining('a bearer token is required') });
      await expect(connect(url, 'not-the-token')).rejects.toMatchObject({ code: 401 });
      const client = await connect(url, token);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([workflowId]);
      await client.close();
      expect(server.context.stderrText()).not.toContain(token);
    } finally {
      await server.stop();
    }
  });

  it('D82: on loopback, a request that names another host (DNS rebinding) is refused (403)', async () => {
    const server = await startHttpMcp([workflowFile, ...serverArgs(simulator.url)]);
    try {
      const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const request = httpRequest(
            { host: '127.0.0.1', port: Number(server.url.port), path: '/mcp', method: 'POST', headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
            (response) => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          );
          request.on('error', reject);
          request.end(initialize);
        });
      expect(await status(`attacker.example:${server.url.port}`)).toBe(403);
      expect(await status(`127.0.0.1:${server.url.port}`)).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('D82: --workflow limits what is exposed; an unknown one is a usage error', async () => {
    const server = await startHttpMcp([fileURLToPath(new URL('../../../examples/spec/pet-coupons.arazzo.yaml', import.meta.url)), '--workflow', 'buy-available-pet']);
    try {
      const client = await connect(server.url);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['buy-available-pet']);
      await client.close();
    } finally {
      await server.stop();
    }
    const unknown = await runLoomInProcess(['mcp', workflowFile, '--workflow', 'nope', '--http', '0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('loom: mcp: --workflow nope: no such workflow; the documents have: launch-usage-based-product\n');
  });
});

describe('the same TLS settings as loom run', () => {
  it('D79: --client-cert and --ca apply to the runs of tool calls', async () => {
    const certificates = makeCertificates();
    const api = await startHttpsServer(certificates, { requireClientCertificate: true, handler: () => ({ status: 200, type: 'application/json', body: '{"ok":true}' }) });
    const dir = mkdtempSync(join(tmpdir(), 'loom-mcp-tls-'));
    writeFileSync(join(dir, 'status.openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: s, version: 1.0.0 }\npaths:\n  /status:\n    get:\n      operationId: getStatus\n      responses: { \'200\': { description: ok } }\n');
    writeFileSync(
      join(dir, 'status.arazzo.yaml'),
      'arazzo: 1.0.1\ninfo: { title: s, version: 1.0.0 }\nsourceDescriptions:\n  - { name: api, url: ./status.openapi.yaml, type: openapi }\nworkflows:\n  - workflowId: status\n    steps:\n      - stepId: status\n        operationId: getStatus\n        successCriteria: [{ condition: $statusCode == 200 }]\n        outputs: { ok: $response.body#/ok }\n    outputs: { ok: $steps.status.outputs.ok }\n',
    );
    const base = [join(dir, 'status.arazzo.yaml'), '--server', `api=${api.url}`, '--ca', certificates.caCert];
    const withCertificate = await startHttpMcp([...base, '--client-cert', `localhost=${certificates.clientCert},${certificates.clientKey}`]);
    const without = await startHttpMcp(base);
    try {
      const client = await connect(withCertificate.url);
      expect((await client.callTool({ name: 'status', arguments: {} })).structuredContent).toEqual({ ok: true });
      await client.close();
      const refused = await connect(without.url);
      const result = await refused.callTool({ name: 'status', arguments: {} });
      expect(result.isError).toBe(true);
      expect((result.content as { text: string }[])[0]!.text).toMatch(/^step status failed: .*client certificate/);
      await refused.close();
    } finally {
      await withCertificate.stop();
      await without.stop();
      await api.close();
    }
  });
});

/** A local API whose one operation needs a bearer token and an API key (both required), and a signed request. */
async function startAuthApi(expected: { token: string; apiKey: string; signature: string }) {
  const seen: { authorization?: string; apiKey?: string; signature?: string }[] = [];
  const api: Server = createServer((request, response) => {
    const { authorization, 'x-api-key': apiKey, 'x-signature': signature } = request.headers as Record<string, string | undefined>;
    seen.push({ ...(authorization !== undefined ? { authorization } : {}), ...(apiKey !== undefined ? { apiKey } : {}), ...(signature !== undefined ? { signature } : {}) });
    const ok = authorization === `Bearer ${expected.token}` && apiKey === expected.apiKey && signature === expected.signature;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { customer: new URL(request.url ?? '/', 'http://x').searchParams.get('customer'), plan: 'gold' } : { error: 'unauthorized' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((resolve) => api.close(() => resolve())) };
}

const AUTH_OPENAPI = `openapi: 3.1.0
info: { title: plans, version: 1.0.0 }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
    key: { type: apiKey, in: header, name: X-API-KEY }
security: [{ bearer: [], key: [] }]
paths:
  /plan:
    get:
      operationId: getPlan
      parameters:
        - { name: customer, in: query, required: true, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

const AUTH_ARAZZO = `arazzo: 1.0.1
info: { title: plans, version: 1.0.0 }
sourceDescriptions:
  - { name: plans, url: ./plans.openapi.yaml, type: openapi }
workflows:
  - workflowId: plan-of
    summary: The plan of a customer.
    inputs:
      type: object
      required: [customer, signingSecret]
      properties:
        customer: { type: string }
        signingSecret: { type: string, format: password }
    steps:
      - stepId: plan
        operationId: getPlan
        parameters:
          - { name: customer, in: query, value: $inputs.customer }
          - { name: X-Signature, in: header, value: $inputs.signingSecret }
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { plan: $response.body#/plan }
    outputs: { plan: $steps.plan.outputs.plan }
`;

describe('D109: credentials and server inputs, as for loom run', () => {
  const secrets = { token: 'tok-bearer-7f3e91', apiKey: 'key-plans-2b8c44', signature: 'sig-secret-9d0a17' };
  let api: Awaited<ReturnType<typeof startAuthApi>>;
  let dir: string;
  beforeAll(async () => {
    api = await startAuthApi(secrets);
    dir = mkdtempSync(join(tmpdir(), 'loom-mcp-credentials-'));
    writeFileSync(join(dir, 'plans.openapi.yaml'), AUTH_OPENAPI);
    writeFileSync(join(dir, 'plans.arazzo.yaml'), AUTH_ARAZZO);
    writeFileSync(join(dir, 'credentials.yaml'), `plans:\n  bearer: { token: ${secrets.token} }\n`);
    writeFileSync(join(dir, 'secrets.env'), `LOOM_PLANS_KEY_KEY=${secrets.apiKey}\nPLANS_SIGNING_SECRET=${secrets.signature}\n`);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('D109: every call gets the credentials of the schemes (--credentials, LOOM_* variables from --env-file); an --input-env input is not in the tool schema and wins over the agent', async () => {
    const server = await startHttpMcp([
      join(dir, 'plans.arazzo.yaml'),
      '--server',
      `plans=${api.url}`,
      '--credentials',
      join(dir, 'credentials.yaml'),
      '--env-file',
      join(dir, 'secrets.env'),
      '--input-env',
      'signingSecret=PLANS_SIGNING_SECRET',
    ]);
    try {
      const client = await connect(server.url);
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(1);
      expect(tools[0]!.inputSchema).toEqual({ type: 'object', required: ['customer'], properties: { customer: { type: 'string' } } });
      const result = await client.callTool({ name: 'plan-of', arguments: { customer: 'acme' } });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toEqual({ plan: 'gold' });
      expect(api.seen.at(-1)).toEqual({ authorization: `Bearer ${secrets.token}`, apiKey: secrets.apiKey, signature: secrets.signature });
      // An agent that sends the input anyway does not replace the server's value.
      const overridden = await client.callTool({ name: 'plan-of', arguments: { customer: 'acme', signingSecret: 'agent-made-up-value' } });
      expect(overridden.structuredContent).toEqual({ plan: 'gold' });
      expect(api.seen.at(-1)!.signature).toBe(secrets.signature);
      await client.close();
      const printed = server.context.stderrText() + server.context.stdoutText();
      for (const secret of Object.values(secrets)) expect(printed).not.toContain(secret);
    } finally {
      await server.stop();
    }
  });

  it('D109: without the credentials the API refuses the call: an error result with the step and no secret in it', async () => {
    const server = await startHttpMcp([join(dir, 'plans.arazzo.yaml'), '--server', `plans=${api.url}`, '--env-file', join(dir, 'secrets.env'), '--input-env', 'signingSecret=PLANS_SIGNING_SECRET']);
    try {
      const client = await connect(server.url);
      const result = await client.callTool({ name: 'plan-of', arguments: { customer: 'acme' } });
      expect(result.isError).toBe(true);
      expect((result.content as { text: string }[])[0]!.text).toMatch(/^step plan failed: /);
      // DECISIONS D74: the requirement needs both schemes; with the bearer token missing, neither is applied.
      expect(api.seen.at(-1)).toEqual({ signature: secrets.signature });
      for (const secret of Object.values(secrets)) expect(JSON.stringify(result)).not.toContain(secret);
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it('D109: an --input-env no exposed workflow declares, or whose variable is not set, is a usage error that shows no value', async () => {
    const file = join(dir, 'plans.arazzo.yaml');
    const unknown = await runLoomInProcess(['mcp', file, '--input-env', 'apiToken=PLANS_SIGNING_SECRET', '--env-file', join(dir, 'secrets.env')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('loom: mcp: --input-env apiToken: no exposed workflow has such an input\n');
    const unset = await runLoomInProcess(['mcp', file, '--input-env', 'signingSecret=LOOM_TEST_NOT_SET_ANYWHERE']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toBe('loom: mcp: --input-env signingSecret=LOOM_TEST_NOT_SET_ANYWHERE: the environment variable LOOM_TEST_NOT_SET_ANYWHERE is not set\n');
  });
});

describe('D60: credential inputs the server holds are not asked of the agent', () => {
  it('D60: with the API key in LOOM_* variables, apiKey leaves the Amberflo tool schema; a call without it passes the simulator, one with another value still gets the server key', async () => {
    const { apiKey, ...withoutKey } = exampleInputs();
    const dir = mkdtempSync(join(tmpdir(), 'loom-mcp-credential-inputs-'));
    writeFileSync(join(dir, 'keys.env'), `LOOM_METERINGAPI_APIKEYAUTH_KEY=${apiKey}\nLOOM_BILLINGAPI_APIKEYAUTH_KEY=${apiKey}\n`);
    const server = await startHttpMcp([workflowFile, ...serverArgs(simulator.url), '--env-file', join(dir, 'keys.env')]);
    try {
      const client = await connect(server.url);
      const [tool] = (await client.listTools()).tools;
      expect(Object.keys(tool!.inputSchema.properties ?? {})).not.toContain('apiKey');
      expect(tool!.inputSchema.required).not.toContain('apiKey');
      expect(tool!.inputSchema.required).toEqual(expect.arrayContaining(['meterApiName', 'customerId']));
      const result = await client.callTool({ name: workflowId, arguments: withoutKey });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ customerId: 'acme-001', assignedProductId: 'starter-plan' });
      // An agent that sends the key anyway does not replace the server's: the call still passes.
      simulator.reset();
      const sent = await client.callTool({ name: workflowId, arguments: { ...withoutKey, apiKey: 'sk-agent-made-up-0000' } });
      expect(sent.isError ?? false).toBe(false);
      await client.close();
      expect(server.context.stderrText() + server.context.stdoutText()).not.toContain(apiKey);
    } finally {
      await server.stop();
    }
  });

  it('D60: an --input-env for a credential input wins over the LOOM_* credential', async () => {
    const { apiKey, ...withoutKey } = exampleInputs();
    const dir = mkdtempSync(join(tmpdir(), 'loom-mcp-input-env-wins-'));
    writeFileSync(join(dir, 'keys.env'), `LOOM_METERINGAPI_APIKEYAUTH_KEY=sk-stale-key-1111\nLOOM_BILLINGAPI_APIKEYAUTH_KEY=sk-stale-key-1111\nAMBERFLO_API_KEY=${apiKey}\n`);
    const server = await startHttpMcp([workflowFile, ...serverArgs(simulator.url), '--env-file', join(dir, 'keys.env'), '--input-env', 'apiKey=AMBERFLO_API_KEY']);
    try {
      const client = await connect(server.url);
      const [tool] = (await client.listTools()).tools;
      expect(Object.keys(tool!.inputSchema.properties ?? {})).not.toContain('apiKey');
      const result = await client.callTool({ name: workflowId, arguments: withoutKey });
      expect(result.isError ?? false).toBe(false);
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it('D60: without the credentials the input stays in the schema, and a query key the agent gives is masked in the result', async () => {
    const secret = 'query-key-agent-4c9e';
    const api: Server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      // Echoes the URL it was called at: the key must come back masked.
      response.writeHead(url.searchParams.get('api_key') === secret ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ calledAt: request.url }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'loom-mcp-query-key-'));
    writeFileSync(
      join(dir, 'q.openapi.yaml'),
      `openapi: 3.1.0
info: { title: q, version: 1.0.0 }
components:
  securitySchemes:
    queryKey: { type: apiKey, in: query, name: api_key }
security: [{ queryKey: [] }]
paths:
  /report:
    get:
      operationId: getReport
      responses: { '200': { description: ok } }
`,
    );
    writeFileSync(
      join(dir, 'q.arazzo.yaml'),
      `arazzo: 1.0.1
info: { title: q, version: 1.0.0 }
sourceDescriptions:
  - { name: q, url: ./q.openapi.yaml, type: openapi }
workflows:
  - workflowId: report
    inputs:
      type: object
      required: [key]
      properties:
        key: { type: string }
    steps:
      - stepId: get
        operationId: getReport
        parameters: [{ name: api_key, in: query, value: $inputs.key }]
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { calledAt: $response.body#/calledAt }
    outputs: { calledAt: $steps.get.outputs.calledAt }
`,
    );
    const server = await startHttpMcp([join(dir, 'q.arazzo.yaml'), '--server', `q=http://127.0.0.1:${(api.address() as AddressInfo).port}`]);
    try {
      const client = await connect(server.url);
      const [tool] = (await client.listTools()).tools;
      expect(tool!.inputSchema).toEqual({ type: 'object', required: ['key'], properties: { key: { type: 'string' } } });
      const result = await client.callTool({ name: 'report', arguments: { key: secret } });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toEqual({ calledAt: '/report?api_key=****' });
      expect(JSON.stringify(result)).not.toContain(secret);
      await client.close();
    } finally {
      await server.stop();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });
});

describe('D81: tool names', () => {
  it('D81: characters outside A-Z a-z 0-9 _ - become _; a name that fits and is unique stays as it is', () => {
    expect(deriveToolNames([{ file: 'a.yaml', workflowId: 'launch-usage-based-product' }, { file: 'a.yaml', workflowId: 'pay.v2 now' }])).toEqual(['launch-usage-based-product', 'pay_v2_now']);
  });

  it('D81: a name over 64 characters, or one two workflows would share, is cut to 55 and gets a hash; all are unique', () => {
    const long = 'x'.repeat(80);
    const names = deriveToolNames([
      { file: 'a.yaml', workflowId: long },
      { file: 'a.yaml', workflowId: 'pay.v2' },
      { file: 'a.yaml', workflowId: 'pay_v2' },
      { file: 'a.yaml', workflowId: 'same' },
      { file: 'b.yaml', workflowId: 'same' },
    ]);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(new RegExp(`^${'x'.repeat(55)}_[0-9a-f]{8}$`));
    expect(names[1]).toMatch(/^pay_v2_[0-9a-f]{8}$/);
    expect(names[3]).toMatch(/^same_[0-9a-f]{8}$/);
    // The same on every start.
    expect(deriveToolNames([{ file: 'a.yaml', workflowId: long }])).toEqual([names[0]]);
  });
});

describe('loom mcp over stdio (the bundle)', () => {
  it('lists and calls the tool through a spawned bundle, which exits 0 when the client closes', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bundle, 'mcp', workflowFile, ...serverArgs(simulator.url)], stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'loom-test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([workflowId]);
    const result = await client.callTool({ name: workflowId, arguments: exampleInputs() });
    expect(result.structuredContent).toMatchObject({ meterApiName: 'api-calls', customerId: 'acme-001', assignedProductId: 'starter-plan' });
    // The SDK's client ends the server's stdin on close, and kills it only if it has not exited 2 s later.
    const child = (transport as unknown as { _process: ChildProcess })._process;
    await client.close();
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    expect({ code: child.exitCode, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    // stderr has the document's warnings line only (the same as loom run's), never a stack or an error.
    expect(stderr).not.toMatch(/loom: |\n\s+at /);
  }, 60_000);
});
