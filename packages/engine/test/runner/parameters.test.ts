import { describe, expect, it } from 'vitest';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /items/{id}/{tags}/{coords}:
    get:
      operationId: getItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: tags, in: path, required: true, style: label, explode: true, schema: { type: array } }
        - { name: coords, in: path, required: true, style: matrix, schema: { type: object } }
        - { name: ids, in: query, explode: false, schema: { type: array } }
        - { name: filter, in: query, style: deepObject, explode: true, schema: { type: object } }
        - { name: colors, in: query, style: pipeDelimited, explode: false, schema: { type: array } }
        - { name: redirect, in: query, allowReserved: true, schema: { type: string } }
        - { name: q, in: query, schema: { type: string } }
        - { name: X-Point, in: header, explode: true, schema: { type: object } }
        - { name: session, in: cookie, schema: { type: string } }
        - { name: prefs, in: cookie, explode: false, schema: { type: array } }
      responses: { '200': { description: ok } }
  /plain/{id}:
    get:
      operationId: getPlain
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: page, in: query, schema: { type: integer } }
        - { name: X-Trace, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

describe('parameters (DECISIONS D13, OpenAPI serialization)', () => {
  it('D13: path, query, header and cookie values serialized by their style and explode', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, properties: { id: { type: string } } }
    steps:
      - stepId: get
        operationId: getItem
        parameters:
          - { name: id, in: path, value: $inputs.id }
          - { name: tags, in: path, value: [red, blue] }
          - { name: coords, in: path, value: { x: 1, y: 2 } }
          - { name: ids, in: query, value: [3, 4, 5] }
          - { name: filter, in: query, value: { kind: dog, age: 3 } }
          - { name: colors, in: query, value: [black, white] }
          - { name: redirect, in: query, value: 'https://x.io/a?b=c' }
          - { name: q, in: query, value: 'a b/c' }
          - { name: X-Point, in: header, value: { lat: 1.5, lon: 2 } }
          - { name: session, in: cookie, value: abc123 }
          - { name: prefs, in: cookie, value: [dark, compact] }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { inputs: { id: 'a/b c' } });
    expect(result.status).toBe('success');
    const sent = server.received[0]!;
    expect(sent.url).toBe(
      '/items/a%2Fb%20c/.red.blue/;coords=x,1,y,2' +
        '?ids=3,4,5&filter%5Bkind%5D=dog&filter%5Bage%5D=3&colors=black%7Cwhite&redirect=https://x.io/a?b=c&q=a%20b%2Fc',
    );
    expect(sent.headers['x-point']).toBe('lat=1.5,lon=2');
    expect(sent.headers['cookie']).toBe('session=abc123; prefs=dark,compact');
  });

  it('D13: workflow-level parameters apply to every step; a step parameter with the same name and in overrides; in is inferred; D14: an undefined value is left out', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, properties: { missing: { type: string } } }
    parameters:
      - { name: X-Trace, in: header, value: workflow-trace }
      - { name: page, in: query, value: 1 }
    steps:
      - stepId: first
        operationId: getPlain
        parameters:
          - { name: id, value: one }
          - { name: page, in: query, value: 2 }
      - stepId: second
        operationId: getPlain
        parameters:
          - { name: id, in: path, value: two }
          - { name: X-Trace, in: header, value: $inputs.missing }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    const [first, second] = server.received;
    expect(first!.url).toBe('/plain/one?page=2');
    expect(first!.headers['x-trace']).toBe('workflow-trace');
    expect(second!.url).toBe('/plain/two?page=1');
    // The step's X-Trace replaced the workflow's, and its value is an input that was not supplied.
    expect(second!.headers['x-trace']).toBeUndefined();
  });

  it('D13: a parameter the operation does not declare is still sent', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getPlain
        parameters:
          - { name: id, in: path, value: x }
          - { name: extra, in: query, value: [1, 2] }
          - { name: X-Extra, in: header, value: yes }
`,
      server.url,
      PATHS,
    );
    await runRecorded(loaded);
    expect(server.received[0]!.url).toBe('/plain/x?extra=1&extra=2');
    expect(server.received[0]!.headers['x-extra']).toBe('yes');
  });

  it('Reusable parameter objects: the component value, or the reference value when given', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    parameters:
      - reference: $components.parameters.trace
    steps:
      - stepId: get
        operationId: getPlain
        parameters:
          - { name: id, in: path, value: x }
          - reference: $components.parameters.page
            value: 9
components:
  parameters:
    page: { name: page, in: query, value: 1 }
    trace: { name: X-Trace, in: header, value: from-components }
`,
      server.url,
      PATHS,
    );
    await runRecorded(loaded);
    expect(server.received[0]!.url).toBe('/plain/x?page=9');
    expect(server.received[0]!.headers['x-trace']).toBe('from-components');
  });

  it('R7: a path parameter without a value fails the step before sending, naming it', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, properties: { id: { type: string } } }
    steps:
      - stepId: get
        operationId: getPlain
        parameters: [{ name: id, in: path, value: $inputs.id }]
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/cannot build the request: .*id/);
    expect(server.received).toHaveLength(0);
  });
});
