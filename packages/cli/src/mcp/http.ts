/**
 * `loom mcp --http <port>`: MCP over Streamable HTTP, one SDK session per client (so a client's
 * `notifications/cancelled` reaches the call it cancels). DECISIONS D82: bound to 127.0.0.1 unless
 * `--host` says otherwise, and then every request must carry the bearer token.
 */
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { isLoopback } from './loopback.js';
import { createMcpServer, type McpServerOptions } from './server.js';

export interface HttpServeOptions {
  readonly host: string;
  readonly port: number;
  /** Required from every request when present. */
  readonly token?: string;
  /** Told the address once the server listens (stderr: the stdout of an HTTP server is free, but logs go to stderr). */
  readonly onListening: (url: string) => void;
}

/** The most sessions at once; an initialize beyond it is refused with 503 rather than growing without bound. */
export const MAX_HTTP_SESSIONS = 64;

/** Serves until `stop` aborts; resolves once the server is closed. */
export async function serveHttp(options: McpServerOptions, http: HttpServeOptions, stop: AbortSignal): Promise<void> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const expected = http.token !== undefined ? digest(http.token) : undefined;
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(jsonRpcError('internal error'));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (expected !== undefined && !authorized(request, expected)) {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(jsonRpcError('a bearer token is required (Authorization: Bearer <token>)'));
      return;
    }
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const transport = sessions.get(sessionId);
      if (!transport) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(jsonRpcError(`no session '${sessionId}'`));
        return;
      }
      await transport.handleRequest(request, response);
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(400, { 'content-type': 'application/json' }).end(jsonRpcError('no mcp-session-id: initialize first'));
      return;
    }
    const body = await readJson(request);
    if (body === undefined || !isInitializeRequest(body)) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(jsonRpcError('no mcp-session-id: initialize first'));
      return;
    }
    if (sessions.size >= MAX_HTTP_SESSIONS) {
      response.writeHead(503, { 'content-type': 'application/json' }).end(jsonRpcError(`too many sessions (${MAX_HTTP_SESSIONS})`));
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
      },
      // A page in a browser must not reach a server on this machine through a name it controls (DNS rebinding).
      ...(isLoopback(http.host) ? { enableDnsRebindingProtection: true, allowedHosts: allowedHosts(http.host, actualPort()) } : {}),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await createMcpServer(options).connect(transport);
    await transport.handleRequest(request, response, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(http.port, http.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  function actualPort(): number {
    return (server.address() as AddressInfo).port;
  }
  const shownHost = http.host.includes(':') ? `[${http.host}]` : http.host;
  http.onListening(`http://${shownHost}:${actualPort()}/mcp`);
  await new Promise<void>((resolve) => {
    const close = () => {
      for (const transport of sessions.values()) void transport.close();
      server.closeAllConnections();
      server.close(() => resolve());
    };
    if (stop.aborted) close();
    else stop.addEventListener('abort', close, { once: true });
  });
}

function allowedHosts(host: string, port: number): string[] {
  const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  return [...names].map((name) => `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`);
}

/** Compared as SHA-256 digests, in constant time, so neither the token's length nor its bytes leak by timing. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorized(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

/** The largest request body read (a tool call's arguments): 4 MiB, the SDK's own limit. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function jsonRpcError(message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}
