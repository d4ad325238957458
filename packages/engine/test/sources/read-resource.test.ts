import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoomError } from '../../src/errors.js';
import { MAX_DOCUMENT_BYTES, readResource } from '../../src/sources/index.js';

async function startServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readError(url: string, options?: Parameters<typeof readResource>[1]): Promise<LoomError> {
  const error = await readResource(url, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LoomError);
  return error as LoomError;
}

describe('readResource: files', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'loom-read-'));
    await writeFile(join(directory, 'bom.yaml'), '\uFEFFopenapi: 3.1.0\n');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads a file: URL and drops a byte order mark', async () => {
    const url = pathToFileURL(join(directory, 'bom.yaml')).href;
    expect(await readResource(url)).toEqual({ url, text: 'openapi: 3.1.0\n' });
  });

  it('names a missing file in plain words', async () => {
    const error = await readError(pathToFileURL(join(directory, 'x.yaml')).href);
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toBe(`cannot read ${join(directory, 'x.yaml')}: no such file`);
  });

  it('refuses a directory', async () => {
    const error = await readError(pathToFileURL(directory).href);
    expect(error.message).toMatch(/: it is a directory$/);
  });

  it('refuses an unsupported scheme', async () => {
    const error = await readError('ftp://example.com/x.yaml');
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toMatch(/unsupported URL scheme 'ftp:'/);
  });
});

describe('readResource: http', () => {
  const received: string[] = [];
  let server: Server;
  let base = '';
  beforeAll(async () => {
    ({ server, base } = await startServer((request, response) => {
      received.push(`${request.method} ${request.url} accept=${request.headers.accept}`);
      const url = request.url ?? '/';
      if (url === '/openapi.yaml') {
        response.writeHead(200, { 'content-type': 'application/yaml' });
        response.end('openapi: 3.1.0\n');
      } else if (url === '/moved') {
        response.writeHead(301, { location: '/specs/final.yaml' });
        response.end();
      } else if (url === '/specs/final.yaml') {
        response.writeHead(200);
        response.end('final: true\n');
      } else if (url.startsWith('/loop')) {
        const n = Number(url.slice('/loop'.length) || '0');
        response.writeHead(302, { location: `/loop${n + 1}` });
        response.end();
      } else if (url === '/huge-declared') {
        response.writeHead(200, { 'content-length': String(MAX_DOCUMENT_BYTES + 1) });
        response.write('x');
        // The client must give up on the header alone; the body never arrives in full.
      } else if (url === '/huge-chunked') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const pump = (): void => {
          while (sent <= MAX_DOCUMENT_BYTES / chunk.length) {
            sent++;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('error', () => undefined);
        pump();
      } else if (url.startsWith('/slow-hop')) {
        // Each hop answers after 300 ms: within a per-hop limit of 500 ms, over it in total.
        const n = Number(url.slice('/slow-hop'.length) || '0');
        setTimeout(() => {
          response.writeHead(302, { location: n < 3 ? `/slow-hop${n + 1}` : '/openapi.yaml' });
          response.end();
        }, 300);
      } else if (url === '/silent') {
        // Never answers: the client's timeout has to end the wait.
      } else {
        response.writeHead(404);
        response.end('nope');
      }
    }));
  });
  afterAll(() => stopServer(server));

  it('reads a 200 response and sends an Accept header for descriptions', async () => {
    received.length = 0;
    expect(await readResource(`${base}/openapi.yaml`)).toEqual({ url: `${base}/openapi.yaml`, text: 'openapi: 3.1.0\n' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^GET \/openapi\.yaml accept=.*application\/yaml/);
  });

  it('reports a 404 with method, URL and status text', async () => {
    const error = await readError(`${base}/missing.yaml`);
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toBe(`GET ${base}/missing.yaml: 404 Not Found`);
  });

  it('follows a redirect and returns the final URL (relative references resolve against it)', async () => {
    received.length = 0;
    expect(await readResource(`${base}/moved`)).toEqual({ url: `${base}/specs/final.yaml`, text: 'final: true\n' });
    expect(received.map((line) => line.split(' ')[1])).toEqual(['/moved', '/specs/final.yaml']);
  });

  it('stops after 5 redirects', async () => {
    received.length = 0;
    const error = await readError(`${base}/loop`);
    expect(error.message).toMatch(/more than 5 redirects/);
    expect(received).toHaveLength(6);
  });

  it('reports connection refused on a closed port', async () => {
    const { server: closed, base: closedBase } = await startServer(() => undefined);
    await stopServer(closed);
    const error = await readError(`${closedBase}/openapi.yaml`);
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toBe(`cannot reach ${closedBase}/openapi.yaml: connection refused`);
  });

  it('refuses a body declared larger than 20 MiB', async () => {
    const error = await readError(`${base}/huge-declared`);
    expect(error.message).toBe(`cannot read ${base}/huge-declared: larger than 20 MiB`);
  });

  it('refuses a streamed body once it passes 20 MiB', async () => {
    const error = await readError(`${base}/huge-chunked`);
    expect(error.message).toBe(`cannot read ${base}/huge-chunked: larger than 20 MiB`);
  });

  it('gives up after the timeout', async () => {
    const error = await readError(`${base}/silent`, { timeoutMs: 150 });
    expect(error.code).toBe('LOOM_ERR_READ');
    expect(error.message).toBe(`cannot read ${base}/silent: no answer within 150 ms`);
  });

  it('the time limit covers the whole read, redirects included', async () => {
    received.length = 0;
    const error = await readError(`${base}/slow-hop`, { timeoutMs: 500 });
    expect(error.message).toBe(`cannot read ${base}/slow-hop1: no answer within 500 ms`);
    // Counted, not timed: four hops of 300 ms would take 1.2 s; the limit ends the read during the
    // second hop, so the third is never requested.
    expect(received.map((line) => line.split(' ')[1])).toEqual(['/slow-hop', '/slow-hop1']);
  });

  it('turns the caller aborting into LOOM_ERR_ABORTED', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await readError(`${base}/silent`, { signal: controller.signal });
    expect(error.code).toBe('LOOM_ERR_ABORTED');
  });
});
