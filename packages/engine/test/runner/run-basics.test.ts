import { afterEach, describe, expect, it } from 'vitest';
import { run, type RunEvent } from '@loom/engine';
import { startServer, type LocalServer } from '../http/local-server.js';
import { loadFromFiles, openapi } from './workspace.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const petsApi = (url: string) =>
  openapi(
    url,
    `  /login:
    post:
      operationId: login
      requestBody:
        content:
          application/json: {}
      responses: { '200': { description: ok } }
  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: integer } }
        - { name: fields, in: query, schema: { type: array, items: { type: string } } }
      responses: { '200': { description: ok } }
`,
  );

const flow = `arazzo: 1.0.1
info: { title: pets, version: 1.0.0 }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: fetchPet
    inputs:
      type: object
      required: [user, password, petId]
      properties:
        user: { type: string }
        password: { type: string, format: password }
        petId: { type: integer }
        fields: { type: array, items: { type: string }, default: [name, tag] }
    steps:
      - stepId: login
        operationId: login
        requestBody:
          contentType: application/json
          payload: { user: $inputs.user, password: $inputs.password }
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          token: $response.body#/token
      - stepId: getPet
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: $inputs.petId }
          - { name: fields, in: query, value: $inputs.fields }
          - { name: Authorization, in: header, value: 'Bearer {$steps.login.outputs.token}' }
        successCriteria:
          - condition: $statusCode == 200 && $response.body#/status == 'AVAILABLE'
        outputs:
          name: $response.body#/name
          tags: $response.body#/tags
    outputs:
      petName: $steps.getPet.outputs.name
      firstTag: $steps.getPet.outputs.tags#/0
`;

describe('run: a two-step workflow over real HTTP', () => {
  it('sends exactly the requests the document describes and returns the workflow outputs', async () => {
    server = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/login') response.end(JSON.stringify({ token: 'tok-12345' }));
      else response.end(JSON.stringify({ name: 'Rex', status: 'available', tags: ['dog', 'good'] }));
    });
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': flow, 'pets.openapi.yaml': petsApi(server.url) });
    const events: RunEvent[] = [];
    const result = await run(loaded, { inputs: { user: 'ann', password: 'hunter22', petId: 7 }, onEvent: (event) => events.push(event) });

    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ petName: 'Rex', firstTag: 'dog' });
    expect(result.steps.map(({ stepId, status, attempts, statusCode }) => ({ stepId, status, attempts, statusCode }))).toEqual([
      { stepId: 'login', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'getPet', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    const [login, getPet] = server.received;
    expect(login!.method).toBe('POST');
    expect(login!.url).toBe('/login');
    expect(login!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(login!.body.toString())).toEqual({ user: 'ann', password: 'hunter22' });
    expect(getPet!.method).toBe('GET');
    // D14: the default from the inputs schema is applied; query arrays explode (form style).
    expect(getPet!.url).toBe('/pets/7?fields=name&fields=tag');
    expect(getPet!.headers['authorization']).toBe('Bearer tok-12345');

    // D21: the password input and the Authorization header never reach a listener.
    const seen = JSON.stringify(events);
    expect(seen).not.toContain('hunter22');
    expect(seen).not.toContain('tok-12345');
    expect(events.map((event) => event.type)).toEqual([
      'run.start', 'workflow.start',
      'step.start', 'request', 'response', 'criterion', 'step.end',
      'step.start', 'request', 'response', 'criterion', 'step.end',
      'workflow.end', 'run.end',
    ]);
  });

  it('a failed criterion fails the run with the values seen', async () => {
    server = await startServer((request, response) => {
      response.statusCode = request.url === '/login' ? 503 : 200;
      response.end('{}');
    });
    const loaded = await loadFromFiles({ 'flow.arazzo.yaml': flow, 'pets.openapi.yaml': petsApi(server.url) });
    const result = await run(loaded, { inputs: { user: 'ann', password: 'hunter22', petId: 7 } });
    expect(result.status).toBe('failure');
    expect(result.error?.stepId).toBe('login');
    expect(result.error?.message).toMatch(/503/);
    expect(server.received).toHaveLength(1);
  });
});
