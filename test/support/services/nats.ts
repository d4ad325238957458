/**
 * nats-server (Debian package `nats-server`) on 127.0.0.1 and a free port (`-a 127.0.0.1 -p <port>`),
 * no persistence. `restart` stops the process and starts it again on the same port.
 */
import { freePort } from './free-port.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { ensureBinary } from './system-binary.js';
import { acceptsConnections } from './tcp-ready.js';

export interface NatsServer {
  readonly port: number;
  readonly url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNatsServer(): Promise<NatsServer> {
  const binary = ensureBinary({ name: 'nats-server', debianPackage: 'nats-server' });
  const port = await freePort();
  const start = (): Promise<ServerProcess> =>
    startServerProcess({ command: binary, args: ['-a', '127.0.0.1', '-p', String(port)], ready: () => acceptsConnections(port), startTimeoutMs: 20_000 });
  let process = await start();
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    restart: async () => {
      await process.stop();
      process = await start();
    },
    stop: () => process.stop(),
  };
}
