import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/send.js';
import { encodeRequestBody, type EncodedBody } from '../../src/request/request-body.js';
import { type LocalServer, parseMultipart, startServer } from '../http/local-server.js';

let server: LocalServer;
const client = createHttpClient();

beforeAll(async () => {
  server = await startServer((_request, response) => response.end());
});
afterAll(async () => {
  await client.close();
  await server.close();
});

/** Encodes, sends to the local server and returns what it received. */
async function sendEncoded(contentType: string | undefined, payload: unknown) {
  const encoded = encodeRequestBody(contentType, payload);
  if (!encoded.ok) throw new Error(encoded.error.message);
  const { body, contentType: type }: EncodedBody = encoded.value;
  const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
  const before = server.received.length;
  const result = await client.send({ method: 'post', url: `${server.url}/body`, headers, body });
  expect(result.ok).toBe(true);
  const received = server.received[before];
  if (received === undefined) throw new Error('the server received nothing');
  return received;
}

describe('encodeRequestBody, checked on the wire', () => {
  it('D19: application/json sends the object as JSON', async () => {
    const received = await sendEncoded('application/json', { petOrder: { petId: 7, status: 'placed', complete: false } });
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.body.toString('utf8')).toBe('{"petOrder":{"petId":7,"status":"placed","complete":false}}');
  });

  it('D14: an undefined member of a JSON payload is left out', async () => {
    const received = await sendEncoded('application/json', { a: 1, coupon: undefined });
    expect(received.body.toString('utf8')).toBe('{"a":1}');
  });

  it('D19: a +json media type is JSON, and a JSON text payload goes unchanged', async () => {
    const text = '{\n  "petId": "12",\n  "quantity": 3\n}';
    const received = await sendEncoded('application/merge-patch+json; charset=utf-8', text);
    expect(received.headers['content-type']).toBe('application/merge-patch+json; charset=utf-8');
    expect(received.body.toString('utf8')).toBe(text);
  });

  it('a string that is not JSON text is sent as a JSON string for a JSON media type', async () => {
    const received = await sendEncoded('application/json', 'hello "you"');
    expect(received.body.toString('utf8')).toBe('"hello \\"you\\""');
  });

  it('D19: no content type and an object or array payload: JSON', async () => {
    const received = await sendEncoded(undefined, [1, 'two', null]);
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.body.toString('utf8')).toBe('[1,"two",null]');
  });

  it('D19: application/x-www-form-urlencoded sends URL-encoded pairs, arrays and objects per form explode', async () => {
    const received = await sendEncoded('application/x-www-form-urlencoded', {
      client_id: 'my app',
      scope: ['read:pets', 'write:pets'],
      address: { city: 'São Paulo', zip: '01000' },
      skipped: undefined,
      empty: null,
      redirect_uri: 'https://app.example/cb?x=1&y=2',
    });
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received.body.toString('latin1')).toBe(
      'client_id=my%20app&scope=read%3Apets&scope=write%3Apets&city=S%C3%A3o%20Paulo&zip=01000&empty=&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%26y%3D2',
    );
    const parsed = new URLSearchParams(received.body.toString('latin1'));
    expect(parsed.getAll('scope')).toEqual(['read:pets', 'write:pets']);
    expect(parsed.get('redirect_uri')).toBe('https://app.example/cb?x=1&y=2');
  });

  it('D19: a form payload given as a string goes unchanged', async () => {
    const received = await sendEncoded('application/x-www-form-urlencoded', 'client_id=abc&grant_type=code');
    expect(received.body.toString('latin1')).toBe('client_id=abc&grant_type=code');
  });

  it('D19: multipart/form-data: text parts, JSON parts, file parts, one part per array element', async () => {
    const received = await sendEncoded('multipart/form-data', {
      id: 'd290f1ee',
      count: 3,
      address: { city: 'Lyon' },
      children: ['a', 'b'],
      profileImage: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      doc: new File(['<a/>'], 'doc.xml', { type: 'application/xml' }),
      notSent: undefined,
    });
    const contentType = received.headers['content-type'] ?? '';
    expect(contentType).toMatch(/^multipart\/form-data; boundary=\S+$/);
    const parts = parseMultipart(received.body, contentType);
    expect(parts.map((part) => part.name)).toEqual(['id', 'count', 'address', 'children', 'children', 'profileImage', 'doc']);
    const byName = (name: string, index = 0) => parts.filter((part) => part.name === name)[index];
    expect(byName('id')?.content.toString()).toBe('d290f1ee');
    expect(byName('id')?.filename).toBeUndefined();
    expect(byName('count')?.content.toString()).toBe('3');
    expect(JSON.parse(byName('address')?.content.toString() ?? '')).toEqual({ city: 'Lyon' });
    expect(byName('children', 1)?.content.toString()).toBe('b');
    expect(byName('profileImage')).toMatchObject({ filename: 'profileImage', type: 'application/octet-stream' });
    expect([...(byName('profileImage')?.content ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(byName('doc')).toMatchObject({ filename: 'doc.xml', type: 'application/xml' });
    expect(byName('doc')?.content.toString()).toBe('<a/>');
  });

  it('multipart: a caller-set multipart Content-Type is replaced by the one with the right boundary', async () => {
    const encoded = encodeRequestBody('multipart/form-data', { a: '1' });
    if (!encoded.ok) throw new Error('encoding failed');
    expect(encoded.value.contentType).toBeUndefined();
    const before = server.received.length;
    await client.send({ method: 'POST', url: server.url, headers: { 'Content-Type': 'multipart/form-data' }, body: encoded.value.body });
    const received = server.received[before];
    const contentType = received?.headers['content-type'] ?? '';
    expect(parseMultipart(received?.body ?? Buffer.alloc(0), contentType).map((part) => part.content.toString())).toEqual(['1']);
  });

  it('D19: text/* sends the string; a non-string as its JSON text', async () => {
    expect((await sendEncoded('text/plain; charset=utf-8', 'héllo')).body.toString('utf8')).toBe('héllo');
    expect((await sendEncoded('text/csv', { a: 1 })).body.toString('utf8')).toBe('{"a":1}');
  });

  it('D19: XML sends the string unchanged', async () => {
    const xml = '<petOrder>\n  <petId>12</petId>\n</petOrder>';
    const received = await sendEncoded('application/xml', xml);
    expect(received.headers['content-type']).toBe('application/xml');
    expect(received.body.toString('utf8')).toBe(xml);
  });

  it('bytes go unchanged, as application/octet-stream without a content type', async () => {
    const received = await sendEncoded(undefined, new Uint8Array([0, 255, 10]));
    expect(received.headers['content-type']).toBe('application/octet-stream');
    expect([...received.body]).toEqual([0, 255, 10]);
  });
});

describe('encodeRequestBody errors', () => {
  it('an undefined payload', () => {
    expect(encodeRequestBody('application/json', undefined)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('a payload JSON cannot write', () => {
    expect(encodeRequestBody('application/json', { n: 10n })).toMatchObject({ ok: false, error: { code: 'unserializable-value' } });
  });

  it('a multipart payload that is not an object', () => {
    expect(encodeRequestBody('multipart/form-data', 42)).toEqual({
      ok: false,
      error: { code: 'invalid-payload', message: 'a multipart/form-data payload must be an object of parts' },
    });
  });

  it('a multipart string payload is usable only with its boundary', () => {
    expect(encodeRequestBody('multipart/form-data', '--x\r\n')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(encodeRequestBody('multipart/form-data; boundary=x', '--x--\r\n')).toEqual({
      ok: true,
      value: { body: '--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
    });
  });

  it('a form payload that is neither an object nor a string', () => {
    expect(encodeRequestBody('application/x-www-form-urlencoded', [1, 2])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
