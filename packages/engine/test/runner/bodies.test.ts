import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../http/local-server.js';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /source:
    get: { operationId: source, responses: { '200': { description: ok } } }
  /json:
    post:
      operationId: postJson
      requestBody: { content: { application/vnd.pets+json: {}, application/xml: {} } }
      responses: { '200': { description: ok } }
  /any:
    post: { operationId: postAny, responses: { '200': { description: ok } } }
`;

/** /source answers with a JSON document, or bytes for ?binary. */
function sourceServer() {
  return scriptedServer((request, _index, response) => {
    if (request.url === '/source?kind=binary') {
      response.setHeader('content-type', 'application/octet-stream');
      response.end(Buffer.from([0, 1, 2, 250]));
      return undefined;
    }
    if (request.url === '/source?kind=xml') return { headers: { 'content-type': 'application/xml' }, body: '<pet><name>Rex</name></pet>' };
    if (request.url.startsWith('/source')) return { body: { id: 7, name: 'Rex', tags: ['a', 'b'], owner: { email: 'o@x.io' } } };
    return { body: {} };
  });
}

function bodyFlow(requestBody: string, operationId = 'postAny', kind = 'json', outputs = ''): string {
  return `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, properties: { note: { type: string }, optional: { type: string } } }
    steps:
      - stepId: read
        operationId: source
        parameters: [{ name: kind, in: query, value: ${kind} }]
        outputs: { pet: $response.body, id: $response.body#/id, name: $response.body#/name, raw: $response.body }
      - stepId: send
        operationId: ${operationId}
        requestBody:
${requestBody}${outputs}
`;
}

describe('request bodies (DECISIONS D19, D20)', () => {
  it('D19: a JSON payload is evaluated at every depth: whole expressions keep their type, templates give strings; D14: an optional input left out of JSON body', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(`          contentType: application/json
          payload:
            id: $steps.read.outputs.id
            label: 'pet {$steps.read.outputs.name} #{$steps.read.outputs.id}'
            nested: { tags: [$steps.read.outputs.pet#/tags/1, literal, 3], owner: $steps.read.outputs.pet#/owner }
            note: $inputs.note
            optional: $inputs.optional
            price: $5.00`),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { inputs: { note: 'hi' } });
    expect(result.status).toBe('success');
    const sent = server.received[1]!;
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body.toString())).toEqual({
      id: 7,
      label: 'pet Rex #7',
      nested: { tags: ['b', 'literal', 3], owner: { email: 'o@x.io' } },
      note: 'hi',
      // D22: `$5.00` is a literal.
      price: '$5.00',
    });
  });

  it("D19: without contentType, the operation's first requestBody media type is used; JSON Pointer replacements apply after evaluation", async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(
        `          payload: { pet: { name: placeholder, tags: [] }, keep: true }
          replacements:
            - { target: /pet/name, value: $steps.read.outputs.name }
            - { target: /pet/tags/-, value: $steps.read.outputs.id }
            - { target: /added, value: '{$steps.read.outputs.name}!' }
            - { target: /count, value: 99 }`,
        'postJson',
      ),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    const sent = server.received[1]!;
    expect(sent.headers['content-type']).toBe('application/vnd.pets+json');
    // A replacement value may be any constant (Arazzo 1.0.1 §Payload Replacement Object: "Any | {expression}").
    expect(JSON.parse(sent.body.toString())).toEqual({ pet: { name: 'Rex', tags: [7] }, keep: true, added: 'Rex!', count: 99 });
  });

  it('D19: a JSON replacement whose parent does not exist fails the step before sending, naming the target', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(
        `          contentType: application/json
          payload: { a: 1 }
          replacements:
            - { target: /missing/name, value: x }`,
      ),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/cannot build the request body: .*'\/missing\/name'/);
    expect(server.received).toHaveLength(1);
  });

  it('D19: application/x-www-form-urlencoded sends encoded pairs (arrays explode)', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(`          contentType: application/x-www-form-urlencoded
          payload: { name: $steps.read.outputs.name, tags: $steps.read.outputs.pet#/tags, q: 'a b&c=d' }`),
      server.url,
      PATHS,
    );
    await runRecorded(loaded);
    const sent = server.received[1]!;
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.body.toString()).toBe('name=Rex&tags=a&tags=b&q=a%20b%26c%3Dd');
  });

  it('D19 + D20: multipart/form-data sends one part per field; a binary response body goes as a file part unchanged', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(
        `          contentType: multipart/form-data
          payload: { title: $inputs.note, meta: { size: 4 }, file: $steps.read.outputs.raw }`,
        'postAny',
        'binary',
      ),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded, { inputs: { note: 'upload' } });
    expect(result.status).toBe('success');
    const sent = server.received[1]!;
    const contentType = sent.headers['content-type']!;
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parts = parseMultipart(sent.body, contentType);
    expect(parts.map((part) => part.name)).toEqual(['title', 'meta', 'file']);
    expect(parts[0]!.content.toString()).toBe('upload');
    expect(JSON.parse(parts[1]!.content.toString())).toEqual({ size: 4 });
    expect([...parts[2]!.content]).toEqual([0, 1, 2, 250]);
    expect(parts[2]!.type).toBe('application/octet-stream');
  });

  it('D19: text/plain sends the template result as it is', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(`          contentType: text/plain; charset=utf-8
          payload: 'Hello {$steps.read.outputs.name}, you are number {$steps.read.outputs.id}'`),
      server.url,
      PATHS,
    );
    await runRecorded(loaded);
    const sent = server.received[1]!;
    expect(sent.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(sent.body.toString()).toBe('Hello Rex, you are number 7');
  });

  it('D19: an XML payload gets its XPath replacements; D20: an XML response body is its text for criteria and outputs', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(
        `          contentType: application/xml
          payload: '<order id="0"><pet>?</pet><qty>1</qty></order>'
          replacements:
            - { target: /order/pet, value: $steps.read.outputs.raw }
            - { target: /order/@id, value: '99' }
        successCriteria:
          - { context: $steps.read.outputs.raw, condition: /pet/name = 'Rex', type: xpath }
        outputs:
          xmlText: $steps.read.outputs.raw`,
        'postAny',
        'xml',
      ),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    const sent = server.received[1]!;
    expect(sent.headers['content-type']).toBe('application/xml');
    // The replacement value is text: the XML of the previous response, escaped.
    expect(sent.body.toString()).toBe('<order id="99"><pet>&lt;pet&gt;&lt;name&gt;Rex&lt;/name&gt;&lt;/pet&gt;</pet><qty>1</qty></order>');
  });

  it('D19 + R9: an XPath replacement that selects nothing fails the step before sending', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(`          contentType: application/xml
          payload: '<order/>'
          replacements:
            - { target: /order/nothing, value: x }`),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/payload replacement '\/order\/nothing': the XPath selects no node/);
    expect(server.received).toHaveLength(1);
  });

  it('D14: a payload that is one missing optional input fails the step, naming the input', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      bodyFlow(`          contentType: text/plain
          payload: 'note: {$inputs.optional}'`),
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/cannot build the request body: .*input optional/);
    expect(server.received).toHaveLength(1);
  });

  it('D20: a JSON Pointer into a non-JSON response body is undefined (the output is left out and reported)', async () => {
    const server = await sourceServer();
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: read
        operationId: source
        parameters: [{ name: kind, in: query, value: xml }]
        outputs: { name: $response.body#/name, text: $response.body }
    outputs: { name: $steps.read.outputs.name, text: $steps.read.outputs.text }
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ text: '<pet><name>Rex</name></pet>' });
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^step read output name: /);
    expect(result.warnings[1]).toMatch(/^workflow w output name: /);
  });
});
