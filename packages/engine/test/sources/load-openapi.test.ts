import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../src/document/parse-text.js';
import { loadOpenApiSource, SourceCache, type OpenApiSource } from '../../src/sources/index.js';

const fixtures = new URL('../fixtures/openapi/', import.meta.url);
const specExamples = new URL('../../../../examples/spec/', import.meta.url);
const fixture = (name: string) => new URL(name, fixtures).href;

async function load(name: string, url: string): Promise<OpenApiSource> {
  const result = await loadOpenApiSource(name, url);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.source).toBeDefined();
  return result.source!;
}

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
const schemaOf = (source: OpenApiSource, operationId: string, status = '200'): Schema => {
  const operation = source.operationsById.get(operationId)!.operation as { responses: Record<string, { content: Record<string, { schema: Schema }> }> };
  return operation.responses[status]!.content['application/json']!.schema;
};

describe('loadOpenApiSource: the spec examples', () => {
  it('pet-coupons (3.0.3): indexes every operation by id and by pointer', async () => {
    const source = await load('pet-coupons', new URL('pet-coupons.openapi.yaml', specExamples).href);
    expect(source.openapi).toBe('3.0.3');
    expect(source.operations).toHaveLength(11);
    const getPetById = source.operationsById.get('getPetById')!;
    expect(getPetById).toMatchObject({ sourceName: 'pet-coupons', path: '/pet/{petId}', method: 'get', pointer: '/paths/~1pet~1{petId}/get' });
    expect(source.operationsByPointer.get('/paths/~1pet~1{petId}/get')).toBe(getPetById);
    expect(getPetById.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:petId']);
    expect(source.operationsById.get('placeOrder')?.requestBody).toBeDefined();
  });

  it('oauth (3.1.0): operationIds with dashes, document servers', async () => {
    const source = await load('apiDocs', new URL('oauth.openapi.yaml', specExamples).href);
    expect(source.openapi).toBe('3.1.0');
    expect(source.operationsById.get('get-token')).toMatchObject({ path: '/oauth/token', method: 'post' });
    expect(source.operationsById.get('authorize')?.servers).toEqual([{ url: 'https://auth.example.com', description: 'Example OAuth Production' }]);
  });

  it('FAPI-PAR: resolves internal schema refs inside oneOf and keeps links data as written', async () => {
    const source = await load('auth-api', new URL('FAPI-PAR.openapi.yaml', specExamples).href);
    expect([...source.operationsById.keys()]).toEqual(expect.arrayContaining(['WellKnown', 'JWKS', 'Par', 'Authorization', 'Token']));
    expect(JSON.stringify(source.document)).not.toContain('"$ref"');
    const token = source.operationsById.get('Token')!.operation as { requestBody: { content: Record<string, { schema: { oneOf: Schema[] } }> } };
    expect(token.requestBody.content['application/json']!.schema.oneOf).toHaveLength(3);
    expect(token.requestBody.content['application/json']!.schema.oneOf.every((schema) => schema.type === 'object' || schema.properties !== undefined)).toBe(true);
    const par = source.operationsById.get('Par')!.operation as { responses: Record<string, { links?: Record<string, unknown> }> };
    expect(par.responses['200']!.links!['PAR_returned_request_uri']).toMatchObject({ operationId: 'Authorization' });
    expect(source.securitySchemes).toEqual({});
  });

  it('bnpl: path-level parameters from components apply to the operations under them', async () => {
    const source = await load('BnplApi', new URL('bnpl-openapi.yaml', specExamples).href);
    const retrieve = source.operationsById.get('retrieveBnplLoanTransaction')!;
    expect(retrieve.parameters).toEqual([expect.objectContaining({ name: 'loanTransactionId', in: 'path', required: true })]);
    expect(source.operationsById.get('updateBnplLoanTransactionStatus')!.parameters.map((p) => p.name)).toEqual(['loanTransactionId']);
    expect(retrieve.servers).toEqual([{ url: '/bnpl/v1', description: 'Default BNPL instance' }]);
  });
});

describe('loadOpenApiSource: $ref resolution', () => {
  it('resolves refs into other files relative to the file that holds them', async () => {
    const source = await load('pets', fixture('refs/main.yaml'));
    const pet = schemaOf(source, 'getPet');
    expect(pet.required).toEqual(['id', 'name']);
    // refs/schemas/pet.yaml#/Tag, a ref internal to the other file
    expect(pet.properties!['tag']).toEqual({ type: 'string', maxLength: 20 });
    // ../common.yaml from refs/schemas/, i.e. refs/common.yaml (Owner and Pet form a cycle: see below)
    expect(pet.properties!['owner']).toEqual({ $ref: fixture('refs/common.yaml') + '#/components/schemas/Owner' });
    // a whole Path Item from paths/owners.yaml, with its own relative ref
    const owners = source.operationsById.get('listOwners')!;
    expect(owners).toMatchObject({ path: '/owners', method: 'get', pointer: '/paths/~1owners/get' });
    expect(schemaOf(source, 'listOwners').items!.properties!['name']).toEqual({ type: 'string' });
    // components referenced from operations: requestBody and a response under `default`
    expect(source.operationsById.get('updatePet')!.requestBody).toMatchObject({ required: true });
    expect((source.operationsById.get('updatePet')!.operation as { responses: Record<string, unknown> }).responses['default']).toMatchObject({ description: 'a problem' });
  });

  it('inlines a recursive schema once where it is used; refs within its cycle, across files, stay { $ref } with an absolute URL', async () => {
    const source = await load('pets', fixture('refs/main.yaml'));
    // Pet -> Owner -> pets.items -> Pet: from getPet, Pet is inlined and Owner left as a ref;
    // from listOwners, Owner is inlined and Pet left as a ref.
    expect(schemaOf(source, 'getPet').properties!['owner']).toEqual({ $ref: fixture('refs/common.yaml') + '#/components/schemas/Owner' });
    const owner = schemaOf(source, 'listOwners').items!;
    expect(owner.properties!['name']).toEqual({ type: 'string' });
    expect(owner.properties!['pets']!.items).toEqual({ $ref: fixture('refs/schemas/pet.yaml') + '#/Pet' });
    expect(() => JSON.stringify(source.document)).not.toThrow();
  });

  it('leaves a self-referencing and a mutually recursive schema as internal { $ref }', async () => {
    const source = await load('pets', fixture('refs/main.yaml'));
    const node = schemaOf(source, 'listNodes');
    expect(node.properties!['value']).toEqual({ type: 'string' });
    expect(node.description).toBeUndefined();
    expect(node.properties!['next']).toEqual({ $ref: '#/components/schemas/Node' });
    const schemas = (source.document['components'] as { schemas: Record<string, Schema> }).schemas;
    expect(schemas['Node']!.properties!['next']).toEqual({ $ref: '#/components/schemas/Node' });
    expect(schemas['A']!.properties!['b']!.properties!['a']).toEqual({ $ref: '#/components/schemas/A' });
    expect(schemas['B']!.properties!['a']!.properties!['b']).toEqual({ $ref: '#/components/schemas/B' });
  });

  it('does not treat $ref inside example or enum as a reference', async () => {
    const source = await load('pets', fixture('refs/main.yaml'));
    const literal = (source.document['components'] as { schemas: Record<string, Schema> }).schemas['Literal']!;
    expect(literal.example).toEqual({ $ref: 'not-a-reference-just-data' });
    expect(literal.enum).toEqual([{ $ref: 'also-data' }]);
  });

  it('reports each unresolved $ref at its line, with a suggestion when a name is close', async () => {
    const result = await loadOpenApiSource('broken', fixture('broken-refs.yaml'));
    expect(result.source).toBeDefined();
    const unresolved = result.diagnostics.filter((d) => d.code === 'openapi-ref-unresolved');
    expect(unresolved.map((d) => [d.path, d.range?.start.line, d.severity])).toEqual([
      ['/paths/~1pets/get/responses/200/content/application~1json/schema/$ref', 15, 'warning'],
      ['/paths/~1pets/post/requestBody/$ref', 19, 'warning'],
      ['/paths/~1things/get/responses/200/content/application~1json/schema/$ref', 32, 'warning'],
    ]);
    expect(unresolved[0]!.message).toBe("$ref '#/components/schemas/Pett' does not resolve: nothing at #/components/schemas/Pett in " + displayPath('broken-refs.yaml') + "; did you mean 'Pet'?");
    expect(unresolved[1]!.message).toMatch(/^\$ref 'missing\.yaml#\/components\/requestBodies\/Pet' does not resolve: cannot read .*missing\.yaml: no such file$/);
    expect(unresolved[2]!.message).toMatch(/'#Thing' is not a JSON Pointer/);
    expect(unresolved.every((d) => d.source === fixture('broken-refs.yaml'))).toBe(true);
  });

  it('reports a duplicate operationId as a warning and keeps the first', async () => {
    const result = await loadOpenApiSource('broken', fixture('broken-refs.yaml'));
    const duplicate = result.diagnostics.find((d) => d.code === 'openapi-operation-id-duplicate')!;
    expect(duplicate).toMatchObject({ severity: 'warning', path: '/paths/~1pets/post/operationId' });
    expect(duplicate.range?.start.line).toBe(17);
    expect(duplicate.message).toMatch(/'listPets' is used by POST \/pets and already by GET \/pets/);
    expect(result.source!.operationsById.get('listPets')?.method).toBe('get');
  });

  it('OpenAPI 3.1: fields beside $ref override the target (3.0 ignores them: see the Node test above)', async () => {
    const source = await load('servers', fixture('servers.yaml'));
    const responses = (source.operationsById.get('fromDocument')!.operation as { responses: Record<string, unknown> }).responses;
    expect(responses['200']).toEqual({ description: 'listed (a 3.1 sibling overrides the target\'s description)' });
  });
});

describe('loadOpenApiSource: path-level parameters and servers', () => {
  it('merges path-level parameters; an operation parameter with the same name and in wins', async () => {
    const source = await load('pets', fixture('refs/main.yaml'));
    const getPet = source.operationsById.get('getPet')!;
    expect(getPet.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:petId', 'header:x-trace', 'query:verbose']);
    expect(getPet.parameters[1]!.description).toMatch(/operation-level header overrides/);
    const updatePet = source.operationsById.get('updatePet')!;
    expect(updatePet.parameters).toEqual([expect.objectContaining({ name: 'petId', in: 'path', description: 'overridden at operation level', schema: { type: 'integer' } }), expect.objectContaining({ name: 'X-Trace' })]);
  });

  it('D18: servers come from the operation, else the path item, else the document', async () => {
    const source = await load('servers', fixture('servers.yaml'));
    expect(source.operationsById.get('fromOperation')!.servers).toEqual([{ url: 'https://operation.example.com/base' }]);
    expect(source.operationsById.get('fromPathItem')!.servers).toEqual([{ url: 'https://path.example.com' }]);
    expect(source.operationsById.get('fromDocument')!.servers).toEqual([
      { url: 'https://{environment}.example.com/{basePath}/', variables: { environment: { default: 'api', enum: ['api', 'sandbox'] }, basePath: { default: 'v2' } } },
      { url: 'https://backup.example.com' },
    ]);
  });
});

describe('loadOpenApiSource: documents Loom does not load', () => {
  it('Swagger 2.0 gets a clear source-not-openapi error', async () => {
    const result = await loadOpenApiSource('old', fixture('swagger2.yaml'));
    expect(result.source).toBeUndefined();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'source-not-openapi', severity: 'error', path: '/swagger', message: expect.stringMatching(/Swagger 2\.0 is not supported: Loom reads OpenAPI 3\.0, 3\.1 and 3\.2/) }),
    ]);
  });

  it('OpenAPI 3.3 and an Arazzo document are not OpenAPI 3.0/3.1/3.2', async () => {
    const newer = await loadOpenApiSource('new', fixture('openapi-33.yaml'));
    expect(newer.diagnostics).toEqual([expect.objectContaining({ code: 'source-not-openapi', path: '/openapi', message: expect.stringMatching(/OpenAPI 3\.3\.0 is not supported/) })]);
    const arazzo = await loadOpenApiSource('flows', fixture('arazzo-not-openapi.yaml'));
    expect(arazzo.diagnostics).toEqual([expect.objectContaining({ code: 'source-not-openapi', message: expect.stringMatching(/type: arazzo/) })]);
  });

  it('a syntax error is reported with its position and no source', async () => {
    const result = await loadOpenApiSource('bad', fixture('bad-syntax.yaml'));
    expect(result.source).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code === 'syntax' && d.source === fixture('bad-syntax.yaml'))).toBe(true);
  });

  it('an unreadable file is a source-unreadable diagnostic, located at the Arazzo url field when the origin is given', async () => {
    const missing = fixture('nope.yaml');
    const plain = await loadOpenApiSource('petStore', missing);
    expect(plain).toEqual({ diagnostics: [expect.objectContaining({ code: 'source-unreadable', severity: 'error', path: '', source: missing })] });
    expect(plain.diagnostics[0]!.message).toMatch(/^Source description 'petStore': cannot read .*nope\.yaml: no such file$/);

    const arazzoText = 'arazzo: 1.0.1\nsourceDescriptions:\n  - name: petStore\n    url: ./nope.yaml\n';
    const parsed = parseText(arazzoText, fixture('doc.arazzo.yaml'));
    const located = await loadOpenApiSource('petStore', missing, { origin: { parsed, path: ['sourceDescriptions', 0, 'url'] } });
    expect(located.diagnostics[0]).toMatchObject({ code: 'source-unreadable', path: '/sourceDescriptions/0/url', source: fixture('doc.arazzo.yaml'), range: { start: { line: 4, column: 10 } } });
  });
});

describe('loadOpenApiSource over http', () => {
  const requests: string[] = [];
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const url = request.url ?? '/';
      if (url === '/latest') {
        response.writeHead(302, { location: '/v1/refs/main.yaml' });
        response.end();
        return;
      }
      const path = url.startsWith('/v1/') ? url.slice('/v1/'.length) : undefined;
      if (path === undefined || path.includes('..')) {
        response.writeHead(404);
        response.end();
        return;
      }
      readFile(fileURLToPath(new URL(path, fixtures))).then(
        (body) => {
          response.writeHead(200, { 'content-type': 'application/yaml' });
          response.end(body);
        },
        () => {
          response.writeHead(404);
          response.end();
        },
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('resolves relative refs against the final URL after a redirect', async () => {
    requests.length = 0;
    const source = await load('pets', `${base}/latest`);
    expect(source.url).toBe(`${base}/v1/refs/main.yaml`);
    expect(schemaOf(source, 'listOwners').items!.properties!['name']).toEqual({ type: 'string' });
    expect(schemaOf(source, 'getPet').properties!['tag']).toEqual({ type: 'string', maxLength: 20 });
    expect(new Set(requests)).toEqual(new Set(['/latest', '/v1/refs/main.yaml', '/v1/refs/schemas/pet.yaml', '/v1/refs/paths/owners.yaml', '/v1/refs/common.yaml']));
    expect(requests).toHaveLength(5);
  });

  it('two sources on the same URL with one SourceCache read and parse it once', async () => {
    requests.length = 0;
    const cache = new SourceCache();
    const [first, second] = await Promise.all([
      loadOpenApiSource('petsA', `${base}/v1/refs/main.yaml`, { cache }),
      loadOpenApiSource('petsB', `${base}/v1/refs/main.yaml`, { cache }),
    ]);
    expect(requests.filter((url) => url === '/v1/refs/main.yaml')).toHaveLength(1);
    expect(requests).toHaveLength(4);
    expect(first.source!.parsed).toBe(second.source!.parsed);
    expect(first.source!.operationsById.get('getPet')!.sourceName).toBe('petsA');
    expect(second.source!.operationsById.get('getPet')!.sourceName).toBe('petsB');
  });

  it('a 404 is source-unreadable naming the status', async () => {
    const result = await loadOpenApiSource('gone', `${base}/v1/gone.yaml`);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'source-unreadable', message: `Source description 'gone': GET ${base}/v1/gone.yaml: 404 Not Found` })]);
  });
});

function displayPath(name: string): string {
  const path = fileURLToPath(fixture(name));
  const relative = path.startsWith(process.cwd() + '/') ? path.slice(process.cwd().length + 1) : path;
  return relative;
}


describe('loadOpenApiSource: specification extensions', () => {
  it('a $ref inside an x- field is extension data: not read, not resolved, not reported', async () => {
    const result = await loadOpenApiSource('things', fixture('extensions.yaml'));
    // The x- refs point at nothing, at a missing file and at /dev/zero: any of them followed would be a diagnostic.
    expect(result.diagnostics).toEqual([]);
    const source = result.source!;
    const operation = source.operationsById.get('listThings')!;
    expect(operation.problem).toBeUndefined();
    expect(operation.operation['x-vendor-policy']).toEqual({ $ref: '#/components/x-vendor/policies/read' });
    expect(source.document['x-policies']).toEqual({ $ref: './policies/missing.yaml' });
  });

  it('an x- name in a map of names (a header, a schema, a property) is a name: its $ref resolves', async () => {
    const { source } = await loadOpenApiSource('things', fixture('extensions.yaml'));
    const ok = (source!.operationsById.get('listThings')!.operation['responses'] as Record<string, Record<string, Record<string, unknown>>>)['200']!;
    expect(ok['headers']!['x-rate-limit']).toEqual({ schema: { type: 'integer' } });
    const schema = (ok['content']!['application/json'] as { schema: Schema }).schema;
    expect(schema.properties!['x-id']).toEqual({ type: 'string' });
    expect(schema['x-internal']).toEqual({ $ref: '#/missing/too' });
  });
});

describe('loadOpenApiSource: unresolvable $refs (DECISIONS D42)', () => {
  it('D42: an unresolvable $ref is a warning; the operations that hold one carry operation-ref-unresolved', async () => {
    const result = await loadOpenApiSource('api', fixture('unused-broken-ref.yaml'));
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ['openapi-ref-unresolved', 'warning', '/paths/~1broken/parameters/0/$ref'],
      ['openapi-ref-unresolved', 'warning', '/components/schemas/Wrapper/properties/inner/$ref'],
      ['openapi-ref-unresolved', 'warning', '/paths/~1broken-sibling/get/responses/200/$ref'],
    ]);
    const source = result.source!;
    expect(source.operationsById.get('healthy')!.problem).toBeUndefined();
    expect(source.operationsById.get('brokenByPathItem')!.problem).toEqual({
      code: 'operation-ref-unresolved',
      message: expect.stringMatching(/^the operation GET \/broken cannot be called: \$ref '#\/components\/parameters\/Gone' does not resolve: nothing at/),
    });
    expect(source.operationsById.get('brokenDeep')!.problem?.message).toMatch(/^the operation POST \/broken-deep cannot be called: \$ref '\.\/missing-schemas\.yaml#\/Inner' does not resolve: cannot read/);
  });

  it('D42: a 3.1 $ref with siblings that does not resolve stays as written and still marks its operation', async () => {
    const { source } = await loadOpenApiSource('api', fixture('unused-broken-ref.yaml'));
    const operation = source!.operationsById.get('brokenSibling')!;
    expect((operation.operation['responses'] as Record<string, unknown>)['200']).toEqual({ $ref: '#/components/responses/Gone', description: 'a 3.1 sibling' });
    expect(operation.problem?.code).toBe('operation-ref-unresolved');
  });
});

describe('loadOpenApiSource: OpenAPI 3.2', () => {
  it('loads 3.2.0: query and additionalOperations are operations, indexed by id and by pointer', async () => {
    const source = await load('shop', fixture('openapi32/api.yaml'));
    expect(source.openapi).toBe('3.2.0');
    expect(source.operations.map((o) => `${o.method} ${o.path} ${o.pointer}`)).toEqual([
      'get /items /paths/~1items/get',
      'query /items /paths/~1items/query',
      'PURGE /items /paths/~1items/additionalOperations/PURGE',
      'get /search /paths/~1search/get',
      'post /search /paths/~1search/post',
    ]);
    expect(source.operationsById.get('purgeItems')).toBe(source.operationsByPointer.get('/paths/~1items/additionalOperations/PURGE'));
  });

  it('$self is the base URI of relative $refs, and a $ref to $self is to the document itself', async () => {
    const result = await loadOpenApiSource('shop', fixture('openapi32/api.yaml'));
    expect(result.diagnostics).toEqual([]);
    const search = result.source!.operationsById.get('searchItems')!;
    expect((search.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']!.schema).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
    const responses = search.operation['responses'] as Record<string, { content: Record<string, { schema: unknown }> }>;
    expect(responses['200']!.content['application/json']!.schema).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it("D43: an in: querystring parameter, required or optional, is kept among the operation's parameters for an Arazzo 1.1 step to give", async () => {
    const source = await load('shop', fixture('openapi32/api.yaml'));
    // Whether a step can give it depends on the step (validation, D43), not on the operation.
    const required = source.operationsById.get('searchByQueryString')!;
    expect(required.problem).toBeUndefined();
    expect(required.parameters.map((parameter) => [parameter.name, parameter.in, parameter.required])).toEqual([['filter', 'querystring', true]]);
    const optional = source.operationsById.get('searchOptionalQueryString')!;
    expect(optional.problem).toBeUndefined();
    // DECISIONS D102: an Arazzo 1.1 step may send it (`in: querystring`); a step that does not give it sends none.
    expect(optional.parameters.map((parameter) => [parameter.name, parameter.in])).toEqual([['filter', 'querystring']]);
  });
});
