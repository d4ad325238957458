import { describe, expect, it } from 'vitest';
import {
  inferParameterLocation,
  serializeParameter,
  serializeParameters,
} from '../../src/request/parameter-serialization.js';
import type { OpenApiParameter } from '../../src/sources/types.js';

const petParameters: OpenApiParameter[] = [
  { name: 'petId', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'tags', in: 'query', schema: { type: 'array' } },
  { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
  { name: 'session', in: 'cookie', schema: { type: 'string' } },
];

describe('serializeParameters', () => {
  it('builds path, query, headers and cookie from one parameter list', () => {
    const result = serializeParameters(
      '/pets/{petId}',
      [
        { name: 'petId', in: 'path', value: 42 },
        { name: 'tags', in: 'query', value: ['a', 'b'] },
        { name: 'X-Trace', in: 'header', value: 'abc' },
        { name: 'session', in: 'cookie', value: 's1' },
        { name: 'theme', in: 'cookie', value: 'dark' },
      ],
      petParameters,
    );
    expect(result).toEqual({
      ok: true,
      value: { path: '/pets/42', query: 'tags=a&tags=b', headers: { 'x-trace': 'abc' }, cookie: 'session=s1; theme=dark' },
    });
  });

  it('D13: a parameter the operation does not declare is sent with the defaults for its location', () => {
    const result = serializeParameters(
      '/pets',
      [
        { name: 'extra', in: 'query', value: ['x', 'y'] },
        { name: 'X-Extra', in: 'header', value: ['x', 'y'] },
        { name: 'flavour', in: 'cookie', value: ['x', 'y'] },
      ],
      [],
    );
    expect(result.ok && result.value).toEqual({
      path: '/pets',
      query: 'extra=x&extra=y',
      headers: { 'x-extra': 'x,y' },
      cookie: 'flavour=x; flavour=y',
    });
  });

  it('D14: a parameter whose value is undefined is left out', () => {
    const result = serializeParameters(
      '/pets',
      [
        { name: 'tags', in: 'query', value: undefined },
        { name: 'limit', in: 'query', value: 10 },
        { name: 'X-Trace', in: 'header', value: undefined },
        { name: 'session', in: 'cookie', value: undefined },
      ],
      petParameters,
    );
    expect(result.ok && result.value).toEqual({ path: '/pets', query: 'limit=10', headers: {}, cookie: undefined });
  });

  it('a path variable with no value is an error naming it', () => {
    const result = serializeParameters('/pets/{petId}/toys/{toyId}', [{ name: 'petId', in: 'path', value: 1 }], petParameters);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'missing-path-parameter',
        parameter: 'toyId',
        message: "path parameter 'toyId' has no value (path /pets/{petId}/toys/{toyId})",
      },
    });
  });

  it('D14: an undefined path value is still missing, not an empty segment', () => {
    const result = serializeParameters('/pets/{petId}', [{ name: 'petId', in: 'path', value: undefined }], petParameters);
    expect(!result.ok && result.error.code).toBe('missing-path-parameter');
  });

  it('a header parameter matches its declaration whatever the case of its name', () => {
    const result = serializeParameters(
      '/x',
      [{ name: 'x-ids', in: 'header', value: { a: 1, b: 2 } }],
      [{ name: 'X-Ids', in: 'header', explode: true }],
    );
    expect(result.ok && result.value.headers).toEqual({ 'x-ids': 'a=1,b=2' });
  });

  it('empty arrays and objects are left out of the query (RFC 6570 §2.3) but expand to nothing in a path', () => {
    const result = serializeParameters(
      '/list/{ids}',
      [
        { name: 'ids', in: 'path', value: [] },
        { name: 'tags', in: 'query', value: [] },
        { name: 'filter', in: 'query', value: {} },
      ],
      [],
    );
    expect(result.ok && result.value).toEqual({ path: '/list/', query: '', headers: {}, cookie: undefined });
  });

  it('primitives: numbers, booleans and null', () => {
    const result = serializeParameters(
      '/p',
      [
        { name: 'n', in: 'query', value: 1.5 },
        { name: 'b', in: 'query', value: false },
        { name: 'z', in: 'query', value: null },
      ],
      [],
    );
    expect(result.ok && result.value.query).toBe('n=1.5&b=false&z=');
  });
});

describe('percent-encoding', () => {
  const query = (value: unknown, declaration: Partial<OpenApiParameter> = {}) =>
    serializeParameter({ name: 'q', in: 'query', value }, { name: 'q', in: 'query', ...declaration });
  const path = (value: unknown, declaration: Partial<OpenApiParameter> = {}) =>
    serializeParameter({ name: 'id', in: 'path', value }, { name: 'id', in: 'path', ...declaration });

  it('spaces are %20 in a query, never +', () => {
    expect(query('a b+c')).toEqual({ ok: true, value: 'q=a%20b%2Bc' });
  });

  it('unicode is UTF-8 percent-encoded', () => {
    expect(query('café ☕')).toEqual({ ok: true, value: 'q=caf%C3%A9%20%E2%98%95' });
    expect(path('naïve/😀')).toEqual({ ok: true, value: 'na%C3%AFve%2F%F0%9F%98%80' });
  });

  it('a lone surrogate becomes U+FFFD rather than throwing', () => {
    expect(query('a\uD800b')).toEqual({ ok: true, value: 'q=a%EF%BF%BDb' });
  });

  it("reserved characters are encoded by default, including RFC 3986 sub-delims !'()*", () => {
    expect(query(":/?#[]@!$&'()*+,;=")).toEqual({
      ok: true,
      value: 'q=%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D',
    });
    expect(path('a/b?c')).toEqual({ ok: true, value: 'a%2Fb%3Fc' });
  });

  it('unreserved characters pass through', () => {
    expect(query('AZaz09-._~')).toEqual({ ok: true, value: 'q=AZaz09-._~' });
  });

  it('allowReserved keeps reserved characters and %XX triplets in a query, but encodes # and other characters', () => {
    expect(query("a/b:c?d=e&f,g[h]@!$'()*+;#x y%41%", { allowReserved: true })).toEqual({
      ok: true,
      value: "q=a/b:c?d=e&f,g[h]@!$'()*+;%23x%20y%41%25",
    });
  });

  it('D13: allowReserved keeps reserved characters in a path value, except ? and #', () => {
    expect(path('dir/sub;v=1?x#y', { allowReserved: true })).toEqual({ ok: true, value: 'dir/sub;v=1%3Fx%23y' });
  });

  it('array items and object keys are encoded one by one, delimiters stay', () => {
    expect(query(['a,b', 'c d'], { explode: false })).toEqual({ ok: true, value: 'q=a%2Cb,c%20d' });
    expect(query({ 'k y': 'v&w' }, { explode: true })).toEqual({ ok: true, value: 'k%20y=v%26w' });
  });

  it('query parameter names are encoded', () => {
    expect(serializeParameter({ name: 'filter[name]', in: 'query', value: 'x' })).toEqual({
      ok: true,
      value: 'filter%5Bname%5D=x',
    });
  });

  it('header values are not percent-encoded', () => {
    expect(serializeParameter({ name: 'X-Q', in: 'header', value: 'a b/c?d é' })).toEqual({ ok: true, value: 'a b/c?d é' });
  });

  it('cookie values are percent-encoded (a ; or space would break the Cookie header)', () => {
    expect(serializeParameter({ name: 'c', in: 'cookie', value: 'a; b=c' })).toEqual({ ok: true, value: 'c=a%3B%20b%3Dc' });
  });
});

describe('content parameters', () => {
  it('application/json content is serialized as JSON, then encoded for the query', () => {
    const declaration: OpenApiParameter = { name: 'coordinates', in: 'query', content: { 'application/json': {} } };
    const result = serializeParameter({ name: 'coordinates', in: 'query', value: { lat: 1.5, long: -2 } }, declaration);
    expect(result).toEqual({ ok: true, value: 'coordinates=%7B%22lat%22%3A1.5%2C%22long%22%3A-2%7D' });
  });

  it('JSON content in a header is sent as raw JSON', () => {
    const declaration: OpenApiParameter = { name: 'X-Filter', in: 'header', content: { 'application/json': {} } };
    expect(serializeParameter({ name: 'X-Filter', in: 'header', value: ['a', 1] }, declaration)).toEqual({
      ok: true,
      value: '["a",1]',
    });
  });

  it('text/plain content keeps a string as it is', () => {
    const declaration: OpenApiParameter = { name: 'id', in: 'path', content: { 'text/plain': {} } };
    expect(serializeParameter({ name: 'id', in: 'path', value: 'a b' }, declaration)).toEqual({ ok: true, value: 'a%20b' });
  });
});

describe('errors are results, never throws', () => {
  it('a style the location does not define', () => {
    const result = serializeParameter({ name: 'q', in: 'query', value: 'x' }, { name: 'q', in: 'query', style: 'matrix' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unsupported-style',
        parameter: 'q',
        message:
          "parameter 'q' uses style 'matrix', which OpenAPI does not define for query parameters (allowed: form, spaceDelimited, pipeDelimited, deepObject)",
      },
    });
  });

  it('deepObject needs an object', () => {
    const result = serializeParameter({ name: 'q', in: 'query', value: [1] }, { name: 'q', in: 'query', style: 'deepObject' });
    expect(!result.ok && result.error.code).toBe('unsupported-style');
  });

  it('a header value with a line break (header injection)', () => {
    const result = serializeParameter({ name: 'X-A', in: 'header', value: 'ok\r\nX-Evil: 1' });
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid-header-value', parameter: 'X-A' });
  });

  it('a header name that is not an HTTP token', () => {
    const result = serializeParameter({ name: 'Bad Name', in: 'header', value: 'x' });
    expect(!result.ok && result.error.message).toBe("header name 'Bad Name' is not a valid HTTP token");
  });

  it('a value JSON cannot write', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    const result = serializeParameter({ name: 'q', in: 'query', value: [circular] });
    expect(!result.ok && result.error.code).toBe('unserializable-value');
  });

  it('OAS: declarations of Accept, Content-Type and Authorization headers are ignored, the value still goes', () => {
    const result = serializeParameter(
      { name: 'Authorization', in: 'header', value: 'Bearer t' },
      { name: 'Authorization', in: 'header', style: 'form' },
    );
    expect(result).toEqual({ ok: true, value: 'Bearer t' });
  });
});

describe('inferParameterLocation', () => {
  it("D13: takes the in of the operation's only parameter of that name", () => {
    expect(inferParameterLocation('petId', petParameters)).toEqual({ ok: true, value: 'path' });
    expect(inferParameterLocation('session', petParameters)).toEqual({ ok: true, value: 'cookie' });
  });

  it('D13: no parameter of that name is an error', () => {
    expect(inferParameterLocation('nope', petParameters)).toEqual({
      ok: false,
      error: {
        code: 'unknown-parameter-location',
        parameter: 'nope',
        message: "parameter 'nope' has no 'in' and the operation declares no parameter of that name; add 'in'",
      },
    });
  });

  it('D13: more than one parameter of that name is an error', () => {
    const result = inferParameterLocation('id', [
      { name: 'id', in: 'path' },
      { name: 'id', in: 'query' },
    ]);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ambiguous-parameter-location',
        parameter: 'id',
        message: "parameter 'id' has no 'in' and the operation declares it in path and query; add 'in' to say which",
      },
    });
  });
});
