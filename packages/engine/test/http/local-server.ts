/** A real node:http server on 127.0.0.1, port 0, that records what it received. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  /** Sockets the server has seen close, for checking that connections are dropped. */
  readonly closedSockets: () => number;
  /** Connections the server has accepted, for checking keep-alive reuse. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

export async function startServer(handler: Handler): Promise<LocalServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let closed = 0;
  let accepted = 0;
  const server: Server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request: ReceivedRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        rawHeaders: raw.rawHeaders,
        body: Buffer.concat(chunks),
      };
      received.push(request);
      handler(request, response, raw);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    accepted += 1;
    socket.on('close', () => {
      sockets.delete(socket);
      closed += 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    closedSockets: () => closed,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A rough multipart/form-data reader: enough to check names, filenames, types and contents of parts. */
export function parseMultipart(body: Buffer, contentType: string): { headers: string; name: string; filename?: string; type?: string; content: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = '--' + (boundary?.[1] ?? boundary?.[2] ?? '');
  const parts: { headers: string; name: string; filename?: string; type?: string; content: Buffer }[] = [];
  let offset = body.indexOf(marker);
  while (offset !== -1) {
    const start = offset + marker.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(marker, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('latin1');
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    parts.push({ headers, name, ...(filename !== undefined ? { filename } : {}), ...(type !== undefined ? { type } : {}), content: part.subarray(split + 4) });
    offset = next;
  }
  return parts;
}
