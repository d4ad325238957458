/**
 * An MQTT 3.1.1 broker in this process (aedes, a real MQTT server) on 127.0.0.1 and a free port.
 * `restart` closes every client connection and the listener, then listens again on the same port,
 * as a broker restart looks to its clients. Optional username/password authentication.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface AedesBroker {
  readonly port: number;
  readonly url: string;
  /** Stops listening and drops every client; `start` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface AedesOptions {
  /** When set, only these credentials connect. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export async function startAedes(options: AedesOptions = {}): Promise<AedesBroker> {
  const broker = await Aedes.createBroker();
  if (options.credentials !== undefined) {
    const { username, password } = options.credentials;
    broker.authenticate = (_client, user, pass, done) => done(null, user === username && pass?.toString() === password);
  }
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const next = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
    const address = next.address();
    port = typeof address === 'object' && address !== null ? address.port : port;
  };
  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (current !== undefined) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await listen();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    start: listen,
    close: async () => {
      await stop();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
