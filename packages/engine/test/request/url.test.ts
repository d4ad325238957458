import { describe, expect, it } from 'vitest';
import { buildRequestUrl, resolveServerUrl, substituteServerVariables } from '../../src/request/url.js';

describe('resolveServerUrl', () => {
  it('D18: keeps the base path of the server', () => {
    const server = resolveServerUrl([{ url: 'https://api.x.com/v2' }], 'https://docs.x.com/openapi.yaml');
    expect(server).toEqual({ ok: true, value: { url: 'https://api.x.com/v2' } });
    expect(server.ok && buildRequestUrl(server.value.url, '/pets', '')).toBe('https://api.x.com/v2/pets');
  });

  it('D18: takes the first server', () => {
    expect(resolveServerUrl([{ url: 'https://one.example/' }, { url: 'https://two.example/' }], 'file:///a.yaml')).toEqual({
      ok: true,
      value: { url: 'https://one.example/' },
    });
  });

  it('D18: substitutes server variables with their defaults', () => {
    const result = resolveServerUrl(
      [
        {
          url: 'https://{region}.api.example.com:{port}/{basePath}',
          variables: { region: { default: 'eu', enum: ['eu', 'us'] }, port: { default: '8443' }, basePath: { default: 'v1' } },
        },
      ],
      'file:///specs/api.yaml',
    );
    expect(result).toEqual({ ok: true, value: { url: 'https://eu.api.example.com:8443/v1' } });
  });

  it('D18: a relative server URL resolves against the OpenAPI document URL', () => {
    expect(resolveServerUrl([{ url: '/api/v3' }], 'https://petstore.example/openapi/petstore.json')).toEqual({
      ok: true,
      value: { url: 'https://petstore.example/api/v3' },
    });
    expect(resolveServerUrl([{ url: 'v1' }], 'http://127.0.0.1:4010/specs/openapi.yaml')).toEqual({
      ok: true,
      value: { url: 'http://127.0.0.1:4010/specs/v1' },
    });
  });

  it('D18: no servers means "/" relative to the document', () => {
    expect(resolveServerUrl([], 'http://127.0.0.1:4010/openapi.yaml')).toEqual({ ok: true, value: { url: 'http://127.0.0.1:4010/' } });
  });

  it('D18: an override replaces the servers', () => {
    expect(resolveServerUrl([{ url: 'https://api.x.com/v2' }], 'file:///a.yaml', 'http://localhost:8080/v2')).toEqual({
      ok: true,
      value: { url: 'http://localhost:8080/v2' },
    });
  });

  it('a relative server URL in a local file has no host: a clear error suggesting --server', () => {
    const result = resolveServerUrl([{ url: '/v1' }], 'file:///home/me/openapi.yaml');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-server-url',
        message: "server URL '/v1' resolves to file:///v1, which is not an http(s) URL; pass the server to use with --server <source>=<url>",
      },
    });
  });

  it('an undefined server variable is an error naming it', () => {
    expect(substituteServerVariables({ url: 'https://{tenant}.x.com' })).toEqual({
      ok: false,
      error: {
        code: 'server-variable',
        target: 'tenant',
        message: "server URL 'https://{tenant}.x.com' uses variable 'tenant', which its Server Object does not define with a default",
      },
    });
  });
});

describe('buildRequestUrl', () => {
  it('joins without doubling or losing slashes', () => {
    expect(buildRequestUrl('https://api.x.com/', '/pets', '')).toBe('https://api.x.com/pets');
    expect(buildRequestUrl('https://api.x.com/v2/', '/pets/1', 'a=1')).toBe('https://api.x.com/v2/pets/1?a=1');
    expect(buildRequestUrl('https://api.x.com', 'pets', '')).toBe('https://api.x.com/pets');
    expect(buildRequestUrl('https://api.x.com/v2', '', '')).toBe('https://api.x.com/v2/');
  });

  it("keeps a query on the server URL ahead of the parameters' and drops a fragment", () => {
    expect(buildRequestUrl('https://api.x.com/v2?key=1#frag', '/pets', 'limit=5')).toBe('https://api.x.com/v2/pets?key=1&limit=5');
  });

  it('does not re-encode the already encoded path and query', () => {
    expect(buildRequestUrl('http://h/', '/a%2Fb/caf%C3%A9', 'q=a%20b')).toBe('http://h/a%2Fb/caf%C3%A9?q=a%20b');
  });
});
