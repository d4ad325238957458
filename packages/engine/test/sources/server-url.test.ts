import { describe, expect, it } from 'vitest';
import { serverUrlFor, type OpenApiOperation, type OpenApiServer } from '../../src/sources/index.js';
import { loadOpenApiSource } from '../../src/sources/index.js';

const fixtures = new URL('../fixtures/openapi/', import.meta.url);

async function operation(file: string, operationId: string): Promise<OpenApiOperation> {
  const { source } = await loadOpenApiSource('api', new URL(file, fixtures).href);
  return source!.operationsById.get(operationId)!;
}

/** An operation as the index builds it, for URL cases that need no file. */
function withServers(servers: OpenApiServer[], sourceUrl: string): OpenApiOperation {
  return { sourceName: 'api', sourceUrl, path: '/pets', method: 'get', pointer: '/paths/~1pets/get', operation: {}, parameters: [], servers };
}

describe('serverUrlFor (DECISIONS D18)', () => {
  it('D18: operation servers win over the path item and the document', async () => {
    expect(serverUrlFor(await operation('servers.yaml', 'fromOperation'))).toBe('https://operation.example.com/base');
    expect(serverUrlFor(await operation('servers.yaml', 'fromPathItem'))).toBe('https://path.example.com');
  });

  it('D18: the first document server with variables at their defaults, trailing slash dropped', async () => {
    expect(serverUrlFor(await operation('servers.yaml', 'fromDocument'))).toBe('https://api.example.com/v2');
  });

  it('D18: an override replaces the server', async () => {
    expect(serverUrlFor(await operation('servers.yaml', 'fromOperation'), 'http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });

  it('D18: a relative server URL resolves against the OpenAPI document URL', () => {
    expect(serverUrlFor(withServers([{ url: '/api/v3' }], 'https://petstore.example.com/specs/openapi.yaml'))).toBe('https://petstore.example.com/api/v3');
    expect(serverUrlFor(withServers([{ url: 'v2/' }], 'https://petstore.example.com/specs/openapi.yaml'))).toBe('https://petstore.example.com/specs/v2');
    expect(serverUrlFor(withServers([], 'https://petstore.example.com/specs/openapi.yaml'))).toBe('https://petstore.example.com');
  });

  it('D18: a relative server URL in a file-based description has no usable base: undefined, so the caller asks for --server', async () => {
    expect(serverUrlFor(await operation('relative-server.yaml', 'listPets'))).toBeUndefined();
    expect(serverUrlFor(await operation('no-servers.yaml', 'listPets'))).toBeUndefined();
    expect(serverUrlFor(await operation('relative-server.yaml', 'listPets'), 'https://staging.example.com/api/v3')).toBe('https://staging.example.com/api/v3');
  });

  it('a server variable without a default gives no URL rather than an invented one', () => {
    expect(serverUrlFor(withServers([{ url: 'https://{region}.example.com', variables: {} }], 'file:///x/openapi.yaml'))).toBeUndefined();
    expect(serverUrlFor(withServers([{ url: 'https://example.com/{version}', variables: { version: { default: 'v1' } } }], 'file:///x/openapi.yaml'))).toBe('https://example.com/v1');
  });
});
