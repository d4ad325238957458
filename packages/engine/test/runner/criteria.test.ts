import { describe, expect, it } from 'vitest';
import { HEADER, loadFlow, runRecorded, scriptedServer, type Reply } from './harness.js';

const PATHS = `  /pets:
    get: { operationId: listPets, responses: { '200': { description: ok } } }
  /feed:
    get: { operationId: feed, responses: { '200': { description: ok } } }
`;

function server() {
  return scriptedServer((request): Reply =>
    request.url === '/feed'
      ? { headers: { 'content-type': 'application/atom+xml' }, body: '<feed><entry id="1"/><entry id="2"/></feed>' }
      : { headers: { 'x-count': '2', 'x-request-id': 'req-77' }, body: { pets: [{ name: 'Rex', age: 3 }, { name: 'Tom', age: 12 }], status: 'ACTIVE' } },
  );
}

function flow(criteria: string, operationId = 'listPets'): string {
  return `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: check
        operationId: ${operationId}
        successCriteria:
${criteria}
`;
}

describe('successCriteria of all four types (Arazzo 1.0.1 §Criterion Object)', () => {
  it('simple, regex, jsonpath and xpath criteria that hold make the step succeed, each reported as a criterion event', async () => {
    const api = await server();
    const loaded = await loadFlow(
      flow(`          - condition: $statusCode == 200 && $response.header.X-Count == 2 && $response.body#/status == 'active'
          - { context: $response.header.X-Request-Id, condition: '^req-\\d+$', type: regex }
          - { context: $response.body, condition: '$.pets[?@.age > 10]', type: jsonpath }
          - { context: $response.body, condition: '$[?count(@.pets) > 0]', type: jsonpath }`),
      api.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    const criteria = events.filter((event) => event.type === 'criterion');
    expect(criteria).toHaveLength(4);
    expect(criteria.every((event) => event.type === 'criterion' && event.passed && event.owner === 'successCriteria')).toBe(true);

    const feed = await loadFlow(
      flow(
        `          - { context: $response.body, condition: count(/feed/entry) = 2, type: { type: xpath, version: xpath-30 } }
          - { context: $response.body, condition: '/feed/entry[@id = "2"]', type: xpath }`,
        'feed',
      ),
      api.url,
      PATHS,
    );
    expect((await runRecorded(feed)).result.status).toBe('success');
  });

  it('a criterion that does not hold fails the step with every failed criterion and the values seen', async () => {
    const api = await server();
    const loaded = await loadFlow(
      flow(`          - condition: $statusCode == 201
          - { context: $response.header.X-Request-Id, condition: '^id-', type: regex }
          - { context: $response.body, condition: '$.pets[?@.age > 50]', type: jsonpath }
          - condition: $response.body#/status == 'active'`),
      api.url,
      PATHS,
    );
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    const reason = result.steps[0]!.reason!;
    expect(reason).toMatch(/\$statusCode == 201/);
    expect(reason).toMatch(/200/);
    expect(reason).toMatch(/\^id-/);
    expect(reason).toMatch(/age > 50/);
    expect(reason).not.toMatch(/status == 'active'/);
    expect(events.filter((event) => event.type === 'criterion').map((event) => event.type === 'criterion' && event.passed)).toEqual([false, false, false, true]);
  });

  it('D6: an xpath criterion on a JSON body fails with a clear reason', async () => {
    const api = await server();
    const loaded = await loadFlow(flow(`          - { context: $response.body, condition: /pets, type: xpath }`), api.url, PATHS);
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.steps[0]!.reason).toMatch(/xpath criteria need an XML body/);
  });
});
