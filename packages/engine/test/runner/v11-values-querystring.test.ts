import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run } from '@loom/engine';
import { HEADER, lines, loadFlow, openapi, scriptedServer } from './harness.js';

/** Arazzo 1.1 §Parameter Object `in: querystring`: the whole query string from one parameter. */
const header11 = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');
const paths = `  /search:
    get:
      operationId: search
      responses: { '200': { description: ok } }
`;

function flow(parameters: string): string {
  return `${header11}workflows:
  - workflowId: w
    inputs: { type: object, properties: { category: { type: string }, filter: { type: object } } }
    steps:
      - stepId: find
        operationId: search
        parameters:
${parameters}`;
}

describe('Arazzo 1.1 querystring parameters', () => {
  it('D102: a form-encoded string with embedded expressions is the query string, unsafe characters encoded', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(flow(`          - { name: fullQuery, in: querystring, value: 'category={$inputs.category}&minPrice=5&inStock=true&q=a b' }\n`), server.url, paths);
    await run(loaded, { inputs: { category: 'toys' } });
    expect(lines(server)).toEqual(['GET /search?category=toys&minPrice=5&inStock=true&q=a%20b']);
  });

  it('D102: an object value is form-encoded member by member; an array repeats its name', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(flow(`          - { name: q, in: querystring, value: $inputs.filter }\n`), server.url, paths);
    await run(loaded, { inputs: { filter: { status: 'new & old', tag: ['a', 'b'], limit: 50 } } });
    expect(lines(server)).toEqual(['GET /search?status=new%20%26%20old&tag=a&tag=b&limit=50']);
  });

  it('D102: the declared content media type decides: JSON is sent as one encoded text', async () => {
    const server = await scriptedServer();
    const declared = `  /search:
    get:
      operationId: search
      parameters:
        - { name: filterParams, in: querystring, content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: ok } }
`;
    // OpenAPI 3.2 declares the whole query string as `in: querystring` with `content`.
    const loaded = await loadFlow(flow(`          - { name: filterParams, in: querystring, value: { filter: active, limit: 50 } }\n`), server.url, declared);
    await run(loaded);
    expect(lines(server)).toEqual(['GET /search?%7B%22filter%22%3A%22active%22%2C%22limit%22%3A50%7D']);
  });

  it('D102: a querystring parameter with query parameters, or two of them, is an error at validation', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi(server.url, paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      flow(`          - { name: whole, in: querystring, value: a=1 }
          - { name: limit, in: query, value: 3 }
          - { name: again, in: querystring, value: b=2 }
`),
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['parameter-in', 12, "Step 'find': a querystring parameter is the whole query string; it cannot be combined with query parameters (limit)."],
      ['parameter-in', 14, "Step 'find': only one querystring parameter is allowed; it is the whole query string."],
    ]);
  });
});
