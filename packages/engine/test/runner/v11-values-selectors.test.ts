import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run } from '@loom/engine';
import { HEADER, lines, loadFlow, openapi, scriptedServer } from './harness.js';

/** Arazzo 1.1 §Selector Object and §Expression Type Object, run against a real local server. */
const header11 = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');
const paths = `  /pets:
    get:
      operationId: listPets
      parameters:
        - { name: name, in: query, schema: { type: string } }
        - { name: tag, in: query, schema: { type: string } }
      responses: { '200': { description: ok } }
    post:
      operationId: addPet
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: ok } }
  /invoice:
    get:
      operationId: getInvoice
      responses: { '200': { description: ok } }
`;
const pets = { pets: [{ name: 'Rex', tags: ['dog'] }, { name: 'Tom', tags: ['cat'] }], owner: { email: 'a@example.com' } };

function errorsOf(loaded: Awaited<ReturnType<typeof loadDocument>>): [string, number | undefined, string][] {
  return loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message]);
}

describe('Arazzo 1.1 Selector Objects', () => {
  it('D100: step and workflow outputs select with jsonpath (singular: the value; otherwise all values), jsonpointer and an Expression Type Object', async () => {
    const server = await scriptedServer(() => ({ body: pets }));
    const loaded = await loadFlow(
      `${header11}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listPets
        outputs:
          email: { context: $response.body, selector: $.owner.email, type: jsonpath }
          names: { context: $response.body, selector: '$.pets[*].name', type: jsonpath }
          none: { context: $response.body, selector: '$.pets[?@.name == "Zed"].name', type: jsonpath }
          firstTag: { context: $response.body, selector: /pets/0/tags/0, type: jsonpointer }
          second: { context: $response.body, selector: '$.pets[1].name', type: { type: jsonpath, version: draft-goessner-dispatch-jsonpath-00 } }
          pointer: { context: $response.body, selector: /owner, type: { type: jsonpointer, version: rfc6901 } }
    outputs:
      email: $steps.list.outputs.email
      ownerEmail: { context: $steps.list.outputs.pointer, selector: /email, type: jsonpointer }
      names: $steps.list.outputs.names
      none: $steps.list.outputs.none
      firstTag: $steps.list.outputs.firstTag
      second: $steps.list.outputs.second
`,
      server.url,
      paths,
    );
    expect(errorsOf(loaded)).toEqual([]);
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ email: 'a@example.com', ownerEmail: 'a@example.com', names: ['Rex', 'Tom'], none: [], firstTag: 'dog', second: 'Tom' });
  });

  it('D100: a singular query or pointer that selects nothing leaves the output out and says why (D10)', async () => {
    const server = await scriptedServer(() => ({ body: pets }));
    const loaded = await loadFlow(
      `${header11}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listPets
        outputs:
          found: { context: $response.body, selector: $.owner.email, type: jsonpath }
    outputs:
      missing: { context: $steps.list.outputs.found, selector: $.phone, type: jsonpath }
      gone: { context: $steps.list.outputs.found, selector: /5, type: jsonpointer }
      found: $steps.list.outputs.found
`,
      server.url,
      paths,
    );
    expect(errorsOf(loaded)).toEqual([]);
    const result = await run(loaded);
    expect(result.outputs).toEqual({ found: 'a@example.com' });
    expect(result.warnings).toEqual([
      'workflow w output missing: $.phone selects nothing in $steps.list.outputs.found',
      'workflow w output gone: /5 points at nothing in $steps.list.outputs.found',
    ]);
  });

  it('D100: an xpath selector gives the string value of what it selects, from an XML body', async () => {
    const server = await scriptedServer((request) =>
      request.url.startsWith('/invoice')
        ? { headers: { 'content-type': 'application/xml' }, body: '<Invoice><Header><InvoiceNumber>INV-42</InvoiceNumber></Header><Line>a</Line><Line>b</Line></Invoice>' }
        : { body: {} },
    );
    const loaded = await loadFlow(
      `${header11}workflows:
  - workflowId: w
    steps:
      - stepId: fetchXml
        operationId: getInvoice
        outputs:
          invoiceXml: $response.body
          lines: { context: $response.body, selector: /Invoice/Line, type: xpath }
          count: { context: $response.body, selector: count(//Line), type: { type: xpath, version: xpath-10 } }
      - stepId: add
        operationId: addPet
        requestBody:
          contentType: application/json
          payload:
            invoiceId:
              context: $steps.fetchXml.outputs.invoiceXml
              selector: /Invoice/Header/InvoiceNumber
              type: { type: xpath, version: xpath-30 }
    outputs:
      lines: $steps.fetchXml.outputs.lines
      count: $steps.fetchXml.outputs.count
`,
      server.url,
      paths,
    );
    expect(errorsOf(loaded)).toEqual([]);
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ lines: ['a', 'b'], count: '2' });
    expect(JSON.parse(server.received[1]!.body.toString())).toEqual({ invoiceId: 'INV-42' });
  });

  it('D100: Selector Objects as a parameter value, anywhere inside a payload, and as a replacement value', async () => {
    const server = await scriptedServer(() => ({ body: pets }));
    const loaded = await loadFlow(
      `${header11}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listPets
        outputs:
          body: $response.body
      - stepId: filter
        operationId: listPets
        parameters:
          - name: name
            in: query
            value: { context: $steps.list.outputs.body, selector: '$.pets[0].name', type: jsonpath }
      - stepId: add
        operationId: addPet
        requestBody:
          contentType: application/json
          payload:
            pet:
              names: [{ context: $steps.list.outputs.body, selector: '$.pets[*].name', type: jsonpath }, fixed]
              owner: { context: $steps.list.outputs.body, selector: /owner/email, type: jsonpointer }
            status: placed
          replacements:
            - target: /status
              value: { context: $steps.list.outputs.body, selector: /pets/1/tags/0, type: jsonpointer }
`,
      server.url,
      paths,
    );
    expect(errorsOf(loaded)).toEqual([]);
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /pets', 'GET /pets?name=Rex', 'POST /pets']);
    expect(JSON.parse(server.received[2]!.body.toString())).toEqual({ pet: { names: [['Rex', 'Tom'], 'fixed'], owner: 'a@example.com' }, status: 'cat' });
  });

  it('D100: in an Arazzo 1.0 document an object with selector fields is a plain value, sent as written', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: add
        operationId: addPet
        requestBody:
          contentType: application/json
          payload: { pick: { context: $inputs.x, selector: /a, type: jsonpointer } }
`,
      server.url,
      paths,
    );
    expect(errorsOf(loaded)).toEqual([]);
    await run(loaded);
    // D14: the member whose expression has no value is left out; the rest is literal data.
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ pick: { selector: '/a', type: 'jsonpointer' } });
  });

  it('D100: a selector that does not compile, a context that is no expression, and an unknown version are errors at validation', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi(server.url, paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${header11}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listPets
        outputs:
          bad: { context: $response.body, selector: '$.pets[', type: jsonpath }
          pointer: { context: $response.body, selector: pets, type: jsonpointer }
          literal: { context: response, selector: /a, type: jsonpointer }
          version: { context: $response.body, selector: /a, type: { type: jsonpath, version: rfc6901 } }
          xpath: { context: $response.body, selector: '/a[', type: xpath }
`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    const errors = errorsOf(loaded).filter(([code]) => code !== 'arazzo-schema');
    expect(errors.map(([code, line]) => [code, line])).toEqual([
      ['criterion-invalid-jsonpath', 11],
      ['expression-syntax', 12],
      ['expression-syntax', 13],
      ['criterion-unknown-type', 14],
      ['criterion-invalid-xpath', 15],
    ]);
    expect(server.received).toEqual([]);
  });
});
