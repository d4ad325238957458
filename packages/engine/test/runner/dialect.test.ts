import { describe, expect, it } from 'vitest';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /source:
    get: { operationId: source, responses: { '200': { description: ok } } }
  /any:
    post: { operationId: postAny, responses: { '200': { description: ok } } }
`;

/** Every dialect form of DECISIONS D24 in one workflow; each must run with the meaning its author intended. */
const FLOW = `${HEADER}workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        user: { type: object }
        a.b: { type: string }
    steps:
      - stepId: read
        operationId: source
        successCriteria:
          - condition: $response.body#/status == "ok"
          - context: $response.body.data
            condition: $.items[0]
            type: jsonpath
        outputs:
          id: $response.body.data.id
          data: $response.body.data
          first: $response.body.data.items.0.name
      - stepId: send
        operationPath: $sourceDescriptions.api#/paths/~1any/post
        parameters:
          - { name: email, in: query, value: $inputs.user.email }
        requestBody:
          contentType: application/json
          payload:
            id: $steps.read.outputs.data.id
            same: $steps.read.outputs.id
            first: 'name {$steps.read.outputs.first}'
            email: $inputs.user.email
            exact: $inputs.a.b
    outputs:
      sent: $steps.read.outputs.data.items.0.name
`;

describe('the dialect of real documents runs as its authors meant (DECISIONS D24)', () => {
  it('D24 + D46 + D47: dot paths, a double-quoted literal and Redocly operationPath run; the server receives the intended request', async () => {
    const server = await scriptedServer((request) =>
      request.url === '/source' ? { body: { status: 'OK', data: { id: 7, items: [{ name: 'Rex' }] } } } : { body: {} },
    );
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const { result } = await runRecorded(loaded, { inputs: { user: { email: 'u@x.io' }, 'a.b': 'exact name' } });
    expect(result.status).toBe('success');
    expect(server.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /source', 'POST /any?email=u%40x.io']);
    expect(JSON.parse(server.received[1]!.body.toString())).toEqual({ id: 7, same: 7, first: 'name Rex', email: 'u@x.io', exact: 'exact name' });
    expect(result.outputs).toEqual({ sent: 'Rex' });
  });

  it('D47: a double-quoted literal is compared like the single-quoted one: a different value fails the step', async () => {
    const server = await scriptedServer(() => ({ body: { status: 'failed', data: { id: 1, items: [] } } }));
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const { result } = await runRecorded(loaded, { inputs: { user: { email: 'u@x.io' } } });
    expect(result.status).toBe('failure');
    expect(server.received).toHaveLength(1);
  });

  it('D24: the document validates with warnings only, one per dialect use, each with its fix', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const diagnostics = loaded.diagnostics;
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dialect = diagnostics.filter((d) => d.fix !== undefined).map((d) => `${d.code} ${d.path} ${d.fix!.text}`);
    expect(dialect).toEqual([
      'expression-double-quoted-string /workflows/0/steps/0/successCriteria/0/condition \'ok\'',
      'expression-dot-path /workflows/0/steps/0/successCriteria/1/context $response.body#/data',
      'expression-dot-path /workflows/0/steps/0/outputs/id $response.body#/data/id',
      'expression-dot-path /workflows/0/steps/0/outputs/data $response.body#/data',
      'expression-dot-path /workflows/0/steps/0/outputs/first $response.body#/data/items/0/name',
      'operation-path-url /workflows/0/steps/1/operationPath {$sourceDescriptions.api.url}',
      'expression-dot-path /workflows/0/steps/1/parameters/0/value $inputs.user#/email',
      'expression-dot-path /workflows/0/steps/1/requestBody/payload/id $steps.read.outputs.data#/id',
      'expression-dot-path /workflows/0/steps/1/requestBody/payload/email $inputs.user#/email',
      'expression-dot-path /workflows/0/outputs/sent $steps.read.outputs.data#/items/0/name',
    ]);
  });
});
