import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSimulator, type Simulator } from '../simulator/index.mjs';
import { loadContract } from '../simulator/openapi-contract.mjs';

let simulator: Simulator;
const contract = loadContract();

/**
 * Every answer to a request that reached an operation must be one its OpenAPI description
 * declares, with a body that matches the declared schema.
 */
function expectDescribedAnswer(method: string, path: string, status: number, body: unknown): void {
  const match = contract.match(method, new URL(path, 'http://x').pathname);
  if (!match || 'allowed' in match) return;
  expect(match.operation.checkResponse(status, body), `${method} ${path} -> ${status}`).toEqual([]);
}

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.reset();
});

interface CallOptions {
  apiKey?: string | null;
  contentType?: string;
  rawBody?: string;
}

async function call(method: string, path: string, body?: unknown, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  const apiKey = options.apiKey === undefined ? simulator.apiKey : options.apiKey;
  if (apiKey !== null) headers['X-API-KEY'] = apiKey;
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${simulator.url}${path}`, { method, headers, body: payload });
  expect(response.headers.get('content-type')).toBe('application/json');
  const answer = { status: response.status, body: (await response.json()) as any };
  expectDescribedAnswer(method, path, answer.status, answer.body);
  return answer;
}

const meter = { meterApiName: 'api-calls', displayName: 'API calls', type: 'SUM_OF_ALL_USAGE', dimensions: ['region'] };
const customer = { customerId: 'acme', customerName: 'Acme Ltd', customerEmail: 'billing@acme.example', lifecycleStage: 'ACTIVE' };
// 2025-01-01T10:00:00Z and an hour later.
const T0 = Date.UTC(2025, 0, 1, 10);
const T1 = T0 + 3_600_000;
const DAY_START = Date.UTC(2025, 0, 1) / 1000;
const event = (overrides: Record<string, unknown> = {}) => ({
  meterApiName: 'api-calls',
  customerId: 'acme',
  meterValue: 5,
  meterTimeInMillis: T0,
  ...overrides,
});

async function seed() {
  expect((await call('POST', '/meter-definition', meter)).status).toBe(200);
  expect((await call('POST', '/customers', customer)).status).toBe(200);
}

describe('startSimulator', () => {
  it('listens on 127.0.0.1 with the demo key by default', () => {
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.apiKey).toBe(DEMO_API_KEY);
  });

  it('refuses any host but 127.0.0.1 and an empty key', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/only listens on 127\.0\.0\.1/);
    await expect(startSimulator({ apiKey: '' })).rejects.toThrow(/non-empty/);
  });

  it('uses the key it is given', async () => {
    const other = await startSimulator({ apiKey: 'another-key' });
    try {
      const wrong = await fetch(`${other.url}/customers`, { headers: { 'X-API-KEY': DEMO_API_KEY } });
      const right = await fetch(`${other.url}/customers`, { headers: { 'X-API-KEY': 'another-key' } });
      expect([wrong.status, right.status]).toEqual([401, 200]);
    } finally {
      await other.close();
    }
  });
});

describe('authentication', () => {
  it('answers 401 without an X-API-KEY header', async () => {
    const response = await call('GET', '/meter-definition', undefined, { apiKey: null });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('X-API-KEY') });
  });

  it('answers 401 with a wrong key, and changes nothing', async () => {
    const response = await call('POST', '/customers', customer, { apiKey: 'not-the-key' });
    expect(response.status).toBe(401);
    expect(simulator.state.customers.size).toBe(0);
  });
});

describe('meter definitions', () => {
  it('create, list, get, update, delete', async () => {
    const created = await call('POST', '/meter-definition', meter);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ ...meter, label: 'api-calls', meterTimeInMillis: expect.any(Number) });

    expect((await call('GET', '/meter-definition')).body).toEqual([created.body]);
    expect(await call('GET', '/meter-definition/api-calls')).toEqual({ status: 200, body: created.body });

    const updated = await call('PUT', '/meter-definition', { ...meter, displayName: 'Calls', type: 'MAX_IN_PERIOD' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: 'Calls', type: 'MAX_IN_PERIOD', meterTimeInMillis: created.body.meterTimeInMillis });
    expect(simulator.state.meters.get('api-calls')?.type).toBe('MAX_IN_PERIOD');

    expect(await call('DELETE', '/meter-definition/api-calls')).toEqual({ status: 200, body: updated.body });
    expect((await call('GET', '/meter-definition/api-calls')).status).toBe(404);
    expect((await call('GET', '/meter-definition')).body).toEqual([]);
  });

  it('refuses a second meter with the same meterApiName (400)', async () => {
    await call('POST', '/meter-definition', meter);
    const again = await call('POST', '/meter-definition', { ...meter, displayName: 'Other' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining('PUT /meter-definition') });
    expect(simulator.state.meters.get('api-calls')?.displayName).toBe('API calls');
  });

  it('answers 404 for reading, updating or deleting an unknown meter', async () => {
    expect((await call('GET', '/meter-definition/nope')).status).toBe(404);
    expect((await call('PUT', '/meter-definition', { ...meter, meterApiName: 'nope' })).status).toBe(404);
    expect((await call('DELETE', '/meter-definition/nope')).body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates the body: a type outside the enum is a 400 naming the allowed values', async () => {
    const response = await call('POST', '/meter-definition', { ...meter, type: 'SUM' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_ERROR');
    expect(response.body.details).toEqual(['body /type: must be one of SUM_OF_ALL_USAGE, MAX_IN_PERIOD, UNIQUE_CUSTOMERS_COUNT']);
    expect(simulator.state.meters.size).toBe(0);
  });
});

describe('customers', () => {
  it('create, list, get, update, delete', async () => {
    const created = await call('POST', '/customers?autoCreateCustomerInStripe=false', customer);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ ...customer, createTime: expect.any(Number), updateTime: expect.any(Number) });

    expect((await call('GET', '/customers')).body).toEqual([created.body]);
    expect(await call('GET', '/customers/acme')).toEqual({ status: 200, body: created.body });

    const updated = await call('PUT', '/customers', { customerId: 'acme', customerName: 'Acme Group', traits: { crm: 'c-9' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      customerId: 'acme',
      customerName: 'Acme Group',
      traits: { crm: 'c-9' },
      createTime: created.body.createTime,
      updateTime: expect.any(Number),
    });

    const deleted = await call('DELETE', '/customers/acme');
    expect(deleted.body).toEqual({ ...updated.body, deleteTime: expect.any(Number) });
    expect((await call('GET', '/customers/acme')).status).toBe(404);
  });

  it('answers 400 when the customerId already exists (Amberflo: use PUT to update)', async () => {
    await call('POST', '/customers', customer);
    const again = await call('POST', '/customers', { ...customer, customerName: 'Someone else' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining('PUT /customers') });
    expect(simulator.state.customers.get('acme')?.customerName).toBe('Acme Ltd');
  });

  it('validates the body: a missing required field and a malformed email are 400s', async () => {
    const missing = await call('POST', '/customers', { customerId: 'acme' });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual(["body: missing required property 'customerName'"]);
    const email = await call('POST', '/customers', { ...customer, customerEmail: 'not an email' });
    expect(email.body.details).toEqual(['body /customerEmail: must match format "email"']);
    expect(simulator.state.customers.size).toBe(0);
  });

  it('validates query parameters against their schema', async () => {
    const response = await call('POST', '/customers?autoCreateCustomerInStripe=maybe', customer);
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toContain('query parameter autoCreateCustomerInStripe');
  });

  it('answers 404 for updating an unknown customer', async () => {
    expect((await call('PUT', '/customers', customer)).status).toBe(404);
  });
});

describe('pricing plans, prepaid orders and invoices', () => {
  it('assigns a plan to an existing customer, replacing an earlier one for the same product', async () => {
    await seed();
    const first = await call('POST', '/payments/pricing/amberflo/customer-pricing', { customerId: 'acme', productId: 'starter' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      customerId: 'acme',
      productId: 'starter',
      startTimeInSeconds: expect.any(Number),
      createTime: expect.any(Number),
    });
    const second = await call('POST', '/payments/pricing/amberflo/customer-pricing', {
      customerId: 'acme',
      productId: 'starter',
      productPlanId: 'plan-2',
      startTimeInSeconds: 1_800_000_000,
    });
    expect(second.body).toMatchObject({ productPlanId: 'plan-2', startTimeInSeconds: 1_800_000_000 });
    expect(simulator.state.assignments).toEqual([second.body]);
  });

  it('fails to assign a plan to an unknown customer (400)', async () => {
    const response = await call('POST', '/payments/pricing/amberflo/customer-pricing', { customerId: 'ghost', productId: 'starter' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', message: expect.stringContaining("'ghost'") });
    expect(simulator.state.assignments).toEqual([]);
  });

  it('creates a prepaid order (USD by default) and refuses a non-positive amount', async () => {
    await seed();
    const order = await call('POST', '/payments/pricing/amberflo/customer-prepaid', { customerId: 'acme', amount: 500 });
    expect(order).toEqual({
      status: 200,
      body: { orderId: expect.any(String), customerId: 'acme', amount: 500, currency: 'USD', createTime: expect.any(Number) },
    });
    const zero = await call('POST', '/payments/pricing/amberflo/customer-prepaid', { customerId: 'acme', amount: 0 });
    expect(zero.body.details).toEqual(['body /amount: must be > 0']);
    expect((await call('POST', '/payments/pricing/amberflo/customer-prepaid', { customerId: 'ghost', amount: 1 })).status).toBe(400);
  });

  it("lists a customer's invoices: one per prepaid order, one draft per plan", async () => {
    await seed();
    const order = await call('POST', '/payments/pricing/amberflo/customer-prepaid', { customerId: 'acme', amount: 250, currency: 'EUR' });
    await call('POST', '/payments/pricing/amberflo/customer-pricing', { customerId: 'acme', productId: 'starter' });
    const invoices = await call('GET', '/payments/billing/customer-product-invoice/all?customerId=acme');
    expect(invoices.status).toBe(200);
    expect(invoices.body).toHaveLength(2);
    expect(invoices.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invoiceId: `inv-${order.body.orderId}`, totalAmount: 250, currency: 'EUR', status: 'PENDING' }),
        expect.objectContaining({ productId: 'starter', totalAmount: 0, status: 'DRAFT' }),
      ]),
    );
  });

  it('requires the customerId query parameter of listInvoices, and a known customer', async () => {
    const missing = await call('GET', '/payments/billing/customer-product-invoice/all');
    expect(missing.body).toMatchObject({ code: 'VALIDATION_ERROR', details: ['query parameter customerId is required'] });
    expect((await call('GET', '/payments/billing/customer-product-invoice/all?customerId=ghost')).status).toBe(400);
  });
});

describe('ingestion and usage', () => {
  it('ingests one event and answers "OK"', async () => {
    await seed();
    expect(await call('POST', '/ingest', event())).toEqual({ status: 200, body: 'OK' });
    expect(simulator.state.events).toEqual([{ ...event(), ingestTimeInMillis: expect.any(Number) }]);
  });

  it('ingests an array, de-duplicating by uniqueId within and across requests', async () => {
    await seed();
    const batch = [
      event({ uniqueId: 'e-1', meterValue: 1 }),
      event({ uniqueId: 'e-2', meterValue: 2 }),
      event({ uniqueId: 'e-1', meterValue: 100 }),
      event({ meterValue: 4 }),
    ];
    expect((await call('POST', '/ingest', batch)).status).toBe(200);
    expect(simulator.state.events.map((stored) => stored.meterValue)).toEqual([1, 2, 4]);
    expect((await call('POST', '/ingest', batch.slice(0, 2))).status).toBe(200);
    expect(simulator.state.events).toHaveLength(3);
  });

  it('refuses events for an unknown meter or customer (400), storing none of the batch', async () => {
    await seed();
    const response = await call('POST', '/ingest', [event(), event({ meterApiName: 'nope' }), event({ customerId: 'ghost' })]);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_REFERENCE' });
    expect(response.body.details).toEqual(["body [1]: meter 'nope' is not defined", "body [2]: customer 'ghost' does not exist"]);
    expect(simulator.state.events).toEqual([]);
  });

  it('reports schema errors against the event shape, for one event or an array', async () => {
    await seed();
    const single = await call('POST', '/ingest', { meterApiName: 'api-calls', customerId: 'acme', meterTimeInMillis: T0 });
    expect(single.body.details).toEqual(["body: missing required property 'meterValue'"]);
    const array = await call('POST', '/ingest', [event(), { ...event(), meterTimeInMillis: 'yesterday' }]);
    expect(array.body.details).toEqual(['body /1/meterTimeInMillis: must be integer']);
    expect((await call('POST', '/ingest', [])).status).toBe(400);
  });

  it('queryUsage returns the ingested value, per customer and per day', async () => {
    await seed();
    await call('POST', '/customers', { customerId: 'globex', customerName: 'Globex' });
    await call('POST', '/ingest', [event({ meterValue: 5 }), event({ meterValue: 7, meterTimeInMillis: T1 }), event({ customerId: 'globex', meterValue: 1 })]);
    const usage = await call('POST', '/usage', {
      meterApiName: 'api-calls',
      startTimeInSeconds: DAY_START,
      endTimeInSeconds: DAY_START + 2 * 86_400,
      aggregation: 'SUM',
      timeGroupingInterval: 'DAY',
      groupBy: ['customerId'],
    });
    expect(usage).toEqual({
      status: 200,
      body: {
        clientMeters: {
          'api-calls': [
            { groupInfo: { customerId: 'acme' }, records: [{ [DAY_START]: 12 }, { [DAY_START + 86_400]: 0 }], groupValue: 12 },
            { groupInfo: { customerId: 'globex' }, records: [{ [DAY_START]: 1 }, { [DAY_START + 86_400]: 0 }], groupValue: 1 },
          ],
        },
      },
    });
  });

  it('refuses a usage query for an unknown meter or with an empty window', async () => {
    await seed();
    const query = { meterApiName: 'api-calls', startTimeInSeconds: DAY_START, endTimeInSeconds: DAY_START, aggregation: 'SUM', timeGroupingInterval: 'DAY' };
    expect((await call('POST', '/usage', query)).body).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await call('POST', '/usage', { ...query, meterApiName: 'nope', endTimeInSeconds: DAY_START + 1 })).body).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
    });
  });
});

describe('filtering rules', () => {
  it('creates, lists and replaces rules, and applies them at ingestion', async () => {
    await seed();
    const rule = await call('POST', '/meter-event-filtering-rules', {
      meterApiName: 'api-calls',
      dimensionName: 'region',
      dimensionValues: ['test-lab'],
      action: 'EXCLUDE',
    });
    expect(rule.status).toBe(200);
    expect(rule.body).toMatchObject({ ruleId: expect.any(String), action: 'EXCLUDE' });
    expect((await call('GET', '/meter-event-filtering-rules?meterApiName=api-calls')).body).toEqual([rule.body]);

    await call('POST', '/ingest', [event({ dimensions: { region: 'test-lab' } }), event({ dimensions: { region: 'eu-west-1' } }), event()]);
    expect(simulator.state.events.map((stored) => stored.dimensions?.['region'])).toEqual(['eu-west-1', undefined]);

    const replaced = await call('POST', '/meter-event-filtering-rules', { ...rule.body, action: 'INCLUDE' });
    expect(replaced.body).toEqual({ ...rule.body, action: 'INCLUDE' });
    expect(simulator.state.filteringRules.size).toBe(1);
    await call('POST', '/ingest', [event({ dimensions: { region: 'test-lab' } }), event()]);
    expect(simulator.state.events).toHaveLength(3);
  });

  it('refuses rules for unknown meters and a listing without meterApiName', async () => {
    const rule = { meterApiName: 'nope', dimensionName: 'region', dimensionValues: [], action: 'INCLUDE' };
    expect((await call('POST', '/meter-event-filtering-rules', rule)).status).toBe(400);
    expect((await call('GET', '/meter-event-filtering-rules')).body.details).toEqual(['query parameter meterApiName is required']);
  });
});

describe('requests the simulator refuses before any operation runs', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expect((await call('GET', '/nothing-here')).status).toBe(404);
    const response = await fetch(`${simulator.url}/ingest`, { method: 'DELETE', headers: { 'X-API-KEY': simulator.apiKey } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 400, and keeps serving, for a request target that is not a valid URL', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(Number(new URL(simulator.url).port), '127.0.0.1', () =>
        socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await call('GET', '/customers')).status).toBe(200);
  });

  it('refuses a body that is not declared as JSON, is not JSON, or is missing', async () => {
    const form = await call('POST', '/customers', undefined, { rawBody: 'customerId=acme', contentType: 'application/x-www-form-urlencoded' });
    expect(form.body.message).toContain('application/json');
    const broken = await call('POST', '/customers', undefined, { rawBody: '{"customerId":' });
    expect(broken.body.message).toContain('not valid JSON');
    expect((await call('POST', '/customers')).body.message).toContain('body is required');
    expect(simulator.state.customers.size).toBe(0);
  });
});

describe('request log and reset', () => {
  it('records every request in order with lower-case headers and the parsed body', async () => {
    await call('POST', '/customers', customer);
    await call('GET', '/customers/acme?x=1', undefined, { apiKey: 'wrong' });
    expect(simulator.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/customers', body: customer, status: 200 }),
      expect.objectContaining({ method: 'GET', path: '/customers/acme', query: { x: '1' }, body: undefined, status: 401 }),
    ]);
    expect(simulator.requests[0]?.headers['x-api-key']).toBe(DEMO_API_KEY);
    expect(simulator.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('keeps the first value of a repeated query parameter, whatever its name', async () => {
    await seed();
    const response = await call('GET', '/meter-event-filtering-rules?meterApiName=api-calls&meterApiName=other&__proto__=x&constructor=y');
    expect(response.status).toBe(200);
    const query = simulator.requests.at(-1)?.query ?? {};
    expect(Object.entries(query)).toEqual([['meterApiName', 'api-calls'], ['__proto__', 'x'], ['constructor', 'y']]);
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
  });

  it('reset() forgets state and requests in place', async () => {
    await seed();
    const { state, requests } = simulator;
    simulator.reset();
    expect(state.meters.size + state.customers.size + requests.length).toBe(0);
    expect(simulator.state).toBe(state);
  });
});

describe('the reference workflow, request by request', () => {
  const inputs = JSON.parse(readFileSync(new URL('../inputs.json', import.meta.url), 'utf8')) as Record<string, any>;

  it('inputs.json holds the demo key and every required input', () => {
    expect(inputs['apiKey']).toBe(DEMO_API_KEY);
    for (const name of ['meterApiName', 'displayName', 'type', 'customerId', 'customerName', 'productId', 'meterValue', 'meterTimeInMillis']) {
      expect(inputs[name], name).toBeDefined();
    }
  });

  it("D14: the four steps' requests, customerEmail left out, all answer 200 and the usage is queryable", async () => {
    const key = { apiKey: inputs['apiKey'] as string };
    const meterStep = await call('POST', '/meter-definition', {
      meterApiName: inputs['meterApiName'], displayName: inputs['displayName'], type: inputs['type'], dimensions: [],
    }, key);
    const customerStep = await call('POST', '/customers', {
      customerId: inputs['customerId'], customerName: inputs['customerName'], lifecycleStage: 'ACTIVE',
    }, key);
    const planStep = await call('POST', '/payments/pricing/amberflo/customer-pricing', {
      customerId: customerStep.body.customerId, productId: inputs['productId'],
    }, key);
    const ingestStep = await call('POST', '/ingest', {
      meterApiName: meterStep.body.meterApiName, customerId: customerStep.body.customerId,
      meterValue: inputs['meterValue'], meterTimeInMillis: inputs['meterTimeInMillis'],
    }, key);
    expect([meterStep.status, customerStep.status, planStep.status, ingestStep.status]).toEqual([200, 200, 200, 200]);
    expect(planStep.body.productId).toBe(inputs['productId']);

    const start = Math.floor(inputs['meterTimeInMillis'] / 3_600_000) * 3600;
    const usage = await call('POST', '/usage', {
      meterApiName: inputs['meterApiName'], startTimeInSeconds: start, endTimeInSeconds: start + 3600,
      aggregation: 'SUM', timeGroupingInterval: 'HOUR',
    }, key);
    expect(usage.body.clientMeters[inputs['meterApiName']][0].groupValue).toBe(inputs['meterValue']);
  });

  it('serves 200 concurrent runs of the workflow over keep-alive connections', async () => {
    await call('POST', '/meter-definition', meter);
    // node:http with a keep-alive agent: fetch's own overhead would dominate the timing here.
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    const sockets = new Set<unknown>();
    const { port } = new URL(simulator.url);
    const post = (path: string, body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const payload = JSON.stringify(body);
        const outgoing = request(
          { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': simulator.apiKey } },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        outgoing.on('socket', (socket) => sockets.add(socket));
        outgoing.on('error', reject);
        outgoing.end(payload);
      });
    const run = async (index: number) => {
      const customerId = `customer-${index}`;
      return [
        await post('/customers', { customerId, customerName: `Customer ${index}` }),
        await post('/payments/pricing/amberflo/customer-pricing', { customerId, productId: 'starter' }),
        await post('/ingest', event({ customerId, uniqueId: `run-${index}` })),
      ];
    };
    try {
      const results = await Promise.all(Array.from({ length: 200 }, (_, index) => run(index)));
      expect(results.flat().every((status) => status === 200)).toBe(true);
    } finally {
      agent.destroy();
    }
    expect(simulator.state.customers.size).toBe(200);
    expect(simulator.state.events).toHaveLength(200);
    expect(sockets.size).toBeLessThanOrEqual(200); // 600 requests: connections were reused
  });
});
