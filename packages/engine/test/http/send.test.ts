import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatByteLimit } from '../../src/http/body-cap.js';
import { closeDefaultHttpClient, createHttpClient, sendRequest } from '../../src/http/send.js';
import type { SendResult } from '../../src/http/types.js';
import { type LocalServer, closedPort, startServer } from './local-server.js';

let server: LocalServer;
const client = createHttpClient();

beforeAll(async () => {
  server = await startServer((request, response, raw) => {
    const route = request.url.split('?')[0];
    switch (route) {
      case '/json':
        response.setHeader('Content-Type', 'application/json; charset=utf-8');
        response.setHeader('X-Custom-Header', 'Yes');
        response.setHeader('Set-Cookie', ['a=1', 'b=2']);
        response.end(JSON.stringify({ pets: [{ id: 1, name: 'Rex' }], echo: { method: request.method, body: request.body.toString() } }));
        return;
      case '/problem':
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end('{"title":"Not Found"}');
        return;
      case '/bad-json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"unterminated": ');
        return;
      case '/xml':
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end('<pet><id>1</id></pet>');
        return;
      case '/latin1':
        response.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
        response.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
        return;
      case '/binary':
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
        return;
      case '/empty':
        response.writeHead(204);
        response.end();
        return;
      case '/echo-headers':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ headers: request.headers, method: request.method, body: request.body.toString() }));
        return;
      case '/never':
        return; // never answers
      case '/stall-body':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('partial');
        return; // headers and part of the body, then nothing
      case '/reset':
        raw.socket.destroy();
        return;
      case '/reset-mid-body':
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        response.write('only a bit', () => raw.socket.destroy());
        return;
      case '/big': {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 64) {
            sent += 1;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        pump();
        return;
      }
      case '/head-huge':
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(11 * 1024 * 1024) });
        response.end();
        return;
      case '/declared-huge':
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(11 * 1024 * 1024) });
        response.write(Buffer.alloc(16));
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
});

afterAll(async () => {
  await client.close();
  await closeDefaultHttpClient();
  await server.close();
});

function expectOk(result: SendResult) {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result.response;
}

describe('sendRequest responses', () => {
  it('D20: a JSON body is parsed; header names are lower-case; repeated headers are arrays', async () => {
    const response = expectOk(await sendRequest({ method: 'get', url: `${server.url}/json`, headers: {} }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ pets: [{ id: 1, name: 'Rex' }], echo: { method: 'GET', body: '' } });
    expect(response.headers['x-custom-header']).toBe('Yes');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    expect(response.bytes).toBe(Buffer.byteLength(JSON.stringify(response.body)));
    expect(response.durationMs).toBeGreaterThan(0);
    expect(response.bodyError).toBeUndefined();
  });

  it('D20: +json media types are parsed, whatever the status', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/problem`, headers: {} }));
    expect(response.statusCode).toBe(404);
    expect(response.body).toEqual({ title: 'Not Found' });
  });

  it('D20: invalid JSON keeps the text and flags it', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/bad-json`, headers: {} }));
    expect(response.body).toBe('{"unterminated": ');
    expect(response.bodyError).toMatch(/^response body is not valid JSON: /);
  });

  it('D20: XML is the text', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/xml`, headers: {} }));
    expect(response.body).toBe('<pet><id>1</id></pet>');
  });

  it('D20: text is decoded with its charset', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/latin1`, headers: {} }));
    expect(response.body).toBe('café');
  });

  it('D20: other media types are bytes', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/binary`, headers: {} }));
    expect(response.body).toBeInstanceOf(Uint8Array);
    expect([...(response.body as Uint8Array)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    expect(response.bytes).toBe(6);
  });

  it('D20: an empty body is undefined', async () => {
    const response = expectOk(await client.send({ method: 'DELETE', url: `${server.url}/empty`, headers: {} }));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(response.bytes).toBe(0);
  });

  it('sends the method upper-cased, the headers and the body as given', async () => {
    const response = expectOk(
      await client.send({
        method: 'patch',
        url: `${server.url}/echo-headers?x=1`,
        headers: { 'X-Request-Id': 'r-1', 'content-type': 'text/plain' },
        body: 'hello',
      }),
    );
    expect(response.body).toMatchObject({ method: 'PATCH', body: 'hello', headers: { 'x-request-id': 'r-1', 'content-type': 'text/plain' } });
    expect(server.received.at(-1)?.url).toBe('/echo-headers?x=1');
  });

  it('one client reuses its keep-alive connection', async () => {
    const pooled = createHttpClient({ connections: 1 });
    const before = server.connections();
    try {
      for (let index = 0; index < 3; index += 1) {
        expectOk(await pooled.send({ method: 'GET', url: `${server.url}/echo-headers`, headers: {} }));
      }
    } finally {
      await pooled.close();
    }
    expect(server.connections() - before).toBe(1);
  });
});

describe('sendRequest transport errors', () => {
  it('connection refused', async () => {
    const port = await closedPort();
    const result = await client.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} });
    expect(result.ok).toBe(false);
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'connection-refused',
      message: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it('a server that never answers: timeout after timeoutMs', async () => {
    const started = performance.now();
    const result = await client.send({ method: 'GET', url: `${server.url}/never`, headers: {} }, { timeoutMs: 80 });
    const elapsed = performance.now() - started;
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'timeout',
      message: `no response within 80 ms from 127.0.0.1:${server.port}`,
    });
    // A wall-clock bound has to stay: the timeout is about time. Generous for a loaded machine.
    expect(elapsed).toBeGreaterThanOrEqual(75);
    expect(elapsed).toBeLessThan(2000);
  });

  it('the timeout covers the body too', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/stall-body`, headers: {} }, { timeoutMs: 80 });
    expect(!result.ok && result.error.code).toBe('timeout');
  });

  it('a server that resets the socket', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/reset`, headers: {} });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'reset',
      message: `connection reset by 127.0.0.1:${server.port} before the response was complete`,
    });
  });

  it('a reset in the middle of the body', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/reset-mid-body`, headers: {} });
    expect(!result.ok && result.error.code).toBe('reset');
  });

  it('a body over maxResponseBytes fails and the connection is dropped', async () => {
    const closedBefore = server.closedSockets();
    const result = await client.send({ method: 'GET', url: `${server.url}/big`, headers: {} }, { maxResponseBytes: 4096 });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'body-too-large',
      message: 'response body exceeds 4 KiB limit',
    });
    await expect.poll(() => server.closedSockets(), { timeout: 2000 }).toBeGreaterThan(closedBefore);
  });

  it('the default limit is 10 MiB and a larger Content-Length fails before reading', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/declared-huge`, headers: {} });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'body-too-large',
      message: 'response body exceeds 10 MiB limit',
    });
    expect(formatByteLimit(1000)).toBe('1000 bytes');
  });

  it("a HEAD response's Content-Length is not held against the limit", async () => {
    const response = expectOk(await client.send({ method: 'head', url: `${server.url}/head-huge`, headers: {} }));
    expect(response.headers['content-length']).toBe(String(11 * 1024 * 1024));
    expect(response.body).toBeUndefined();
  });

  it('a body at exactly the limit is fine', async () => {
    const response = expectOk(await client.send({ method: 'GET', url: `${server.url}/big`, headers: {} }, { maxResponseBytes: 64 * 1024 }));
    expect(response.bytes).toBe(64 * 1024);
  });

  it('abort via AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await client.send({ method: 'GET', url: `${server.url}/never`, headers: {} }, { signal: controller.signal });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'aborted',
      message: `request to 127.0.0.1:${server.port} aborted`,
    });
  });

  it('an already aborted signal sends nothing', async () => {
    const before = server.received.length;
    const result = await client.send({ method: 'GET', url: `${server.url}/json`, headers: {} }, { signal: AbortSignal.abort() });
    expect(!result.ok && result.error.code).toBe('aborted');
    expect(server.received.length).toBe(before);
  });

  it('invalid URLs', async () => {
    expect(await client.send({ method: 'GET', url: 'not a url', headers: {} })).toEqual({
      ok: false,
      error: { code: 'invalid-url', message: "'not a url' is not a valid absolute URL" },
    });
    expect(await client.send({ method: 'GET', url: 'ftp://example.com/file', headers: {} })).toEqual({
      ok: false,
      error: { code: 'invalid-url', message: "'ftp://example.com/file' is not an http or https URL" },
    });
  });

  it('DNS failure (.invalid never resolves, RFC 6761)', async () => {
    const result = await client.send({ method: 'GET', url: 'http://nonexistent.invalid/', headers: {} }, { timeoutMs: 5000 });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'dns',
      message: 'DNS lookup failed for nonexistent.invalid',
    });
  });

  it('a TLS failure: https to a server that speaks plain HTTP', async () => {
    const result = await client.send({ method: 'GET', url: `https://127.0.0.1:${server.port}/json`, headers: {} }, { timeoutMs: 5000 });
    expect(!result.ok && result.error.code).toBe('tls');
    expect(!result.ok && result.error.message).toMatch(new RegExp(`^TLS handshake with 127\\.0\\.0\\.1:${server.port} failed: `));
  });

  it('an invalid header value is an error result, not a throw', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/json`, headers: { 'x-bad': 'a\r\nb' } });
    expect(!result.ok && result.error.code).toBe('other');
    expect(!result.ok && result.error.message).toMatch(/^invalid request to 127\.0\.0\.1:\d+: /);
  });

  it('a closed client fails with a clear message', async () => {
    const closed = createHttpClient();
    await closed.close();
    const result = await closed.send({ method: 'GET', url: `${server.url}/json`, headers: {} });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'other',
      message: 'the HTTP client was closed before the request could be sent',
    });
  });
});
