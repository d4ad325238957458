/**
 * A real redis-server (Debian's package) on a free 127.0.0.1 port for tests of @loom/queue: with no
 * persistence by default, or with an append-only file written on every command (`persistent`), so that
 * `restart()` (stop, then start on the same port and folder) keeps the data: Redis restarted during a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { ensureBinary } from './system-binary.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Stops the server (SIGTERM), awaits `whileDown` if given, then starts it again on the same port and folder. */
  restart(options?: { readonly whileDown?: () => Promise<unknown> }): Promise<void>;
}

export interface RedisOptions {
  /**
   * Keep the data across `restart()`: `appendonly yes` with `appendfsync always` (every write on disk before
   * Redis answers), in a temporary folder removed by `stop()`. Default false: no snapshot, no append-only file.
   */
  readonly persistent?: boolean;
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const binary = ensureBinary({ name: 'redis-server', debianPackage: 'redis-server' });
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'loom-redis-'));
  const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const start = () =>
    startServerProcess({
      command: binary,
      // By default no snapshot, no append-only file: every test starts from an empty store. BullMQ asks for noeviction.
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', folder, '--maxmemory-policy', 'noeviction'],
      ready: () => answersPing(port),
    });
  let server: ServerProcess | undefined = await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await server?.stop();
      server = undefined;
      rmSync(folder, { recursive: true, force: true });
    },
    async restart(restartOptions = {}) {
      await server?.stop();
      await restartOptions.whileDown?.();
      server = await start();
    },
  };
}

/** Whether a Redis server answers PING on `port` (a raw RESP exchange; no client library needed). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
