// The response collector that replaced undici's request() + body stream (collect-response.ts):
// the paths send.test.ts does not already cover.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/send.js';
import { type LocalServer, startServer } from './local-server.js';

let server: LocalServer;
const client = createHttpClient();

beforeAll(async () => {
  server = await startServer((request, response) => {
    switch (request.url) {
      case '/early-hints':
        response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"final":true}');
        return;
      case '/chunked-big':
        // No Content-Length: the limit can only be seen while reading.
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let index = 0; index < 10; index++) response.write(Buffer.alloc(1024, 0x61));
        response.end();
        return;
      case '/stall-mid-body':
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        response.write('partial');
        return;
      default:
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
    }
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('collecting a response', () => {
  it('a 1xx informational response is skipped; the final response is the result', async () => {
    const result = await client.send({ method: 'GET', url: `${server.url}/early-hints`, headers: {} });
    expect(result.ok && { status: result.response.statusCode, body: result.response.body, link: result.response.headers['link'] }).toEqual({
      status: 200,
      body: { final: true },
      link: undefined,
    });
  });

  it('a chunked body over maxResponseBytes fails while reading, and the connection is dropped', async () => {
    const closedBefore = server.closedSockets();
    const result = await client.send({ method: 'GET', url: `${server.url}/chunked-big`, headers: {} }, { maxResponseBytes: 4096 });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'body-too-large',
      message: 'response body exceeds 4 KiB limit',
    });
    await expect.poll(() => server.closedSockets(), { timeout: 2000 }).toBeGreaterThan(closedBefore);
  });

  it('an abort in the middle of the body ends the request with aborted and drops the connection', async () => {
    const closedBefore = server.closedSockets();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await client.send({ method: 'GET', url: `${server.url}/stall-mid-body`, headers: {} }, { signal: controller.signal });
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({
      code: 'aborted',
      message: `request to 127.0.0.1:${server.port} aborted`,
    });
    await expect.poll(() => server.closedSockets(), { timeout: 2000 }).toBeGreaterThan(closedBefore);
  });

  it("a run's signal, shared by all its requests, keeps no listener once each request is done", async () => {
    const controller = new AbortController();
    for (let index = 0; index < 5; index++) {
      const result = await client.send({ method: 'GET', url: `${server.url}/plain`, headers: {} }, { signal: controller.signal });
      expect(result.ok && result.response.body).toBe('ok');
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
