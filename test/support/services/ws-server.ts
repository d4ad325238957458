/**
 * A WebSocket server in this process (the `ws` package) on 127.0.0.1 and a free port. Each path
 * is a channel: a frame sent on a path goes to every other socket open on the same path, as a
 * small broker would relay it. `received` lists what arrived, with the handshake's headers.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WsFrame {
  readonly path: string;
  readonly data: Buffer;
  readonly isBinary: boolean;
  readonly handshakeHeaders: IncomingHttpHeaders;
}

export interface WsServer {
  readonly port: number;
  readonly url: string;
  readonly received: WsFrame[];
  /** Sends `data` to every socket open on `path`. */
  broadcast(path: string, data: string | Buffer): void;
  /** How many sockets are open on `path`. */
  clients(path: string): number;
  /** Drops every socket (code 1012, service restart) without stopping the server. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startWsServer(options: { readonly requireAuthorization?: string } = {}): Promise<WsServer> {
  const http = createServer();
  const sockets = new Map<WebSocket, string>();
  const received: WsFrame[] = [];
  const wss = new WebSocketServer({
    server: http,
    verifyClient: (info: { req: { headers: IncomingHttpHeaders } }) =>
      options.requireAuthorization === undefined || info.req.headers.authorization === options.requireAuthorization,
  });
  wss.on('connection', (socket, request) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    sockets.set(socket, path);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      received.push({ path, data: buffer, isBinary, handshakeHeaders: request.headers });
      for (const [other, otherPath] of sockets) if (other !== socket && otherPath === path) other.send(buffer, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    received,
    broadcast: (path, data) => {
      for (const [socket, socketPath] of sockets) if (socketPath === path) socket.send(data);
    },
    clients: (path) => [...sockets.values()].filter((socketPath) => socketPath === path).length,
    dropAll: () => {
      for (const socket of sockets.keys()) socket.close(1012);
    },
    close: async () => {
      for (const socket of sockets.keys()) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
