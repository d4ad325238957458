/**
 * rabbitmq-server (Debian package `rabbitmq-server`), an AMQP 0-9-1 broker, on 127.0.0.1 and a free
 * port, as a node of its own: a unique RABBITMQ_NODENAME, its database, logs, Erlang cookie (HOME)
 * and plugin list in a temp directory, so it never meets the system's node. It takes seconds to
 * start: start it once per test file. Ready when it answers the AMQP protocol header with a frame.
 * `restart` stops the node and starts it again with the same name, port and data.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { ensureBinary } from './system-binary.js';

export interface RabbitMq {
  readonly port: number;
  /** amqp://guest:guest@127.0.0.1:<port> (guest may connect from the loopback interface). */
  readonly url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The server script itself: Debian's /usr/sbin wrapper would switch to the rabbitmq user and drop our environment. */
const SERVER_SCRIPT = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export async function startRabbitMq(): Promise<RabbitMq> {
  const installed = ensureBinary({ name: 'rabbitmq-server', debianPackage: 'rabbitmq-server' });
  const command = existsSync(SERVER_SCRIPT) ? SERVER_SCRIPT : installed;
  const directory = mkdtempSync(join(tmpdir(), 'loom-rabbitmq-'));
  const port = await freePort();
  const distributionPort = await freePort();
  const pluginsFile = join(directory, 'enabled_plugins');
  writeFileSync(pluginsFile, '[].\n');
  const env = {
    HOME: directory,
    RABBITMQ_NODENAME: `loom-test-${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distributionPort),
    RABBITMQ_MNESIA_BASE: join(directory, 'mnesia'),
    RABBITMQ_LOG_BASE: join(directory, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
    RABBITMQ_CONFIG_FILE: join(directory, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(directory, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: join(directory, 'rabbitmq-env.conf'),
  };
  const start = (): Promise<ServerProcess> =>
    startServerProcess({ command, args: [], env, ready: () => answersAmqp(port), startTimeoutMs: 120_000 });
  let process = await start();
  return {
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    restart: async () => {
      await process.stop();
      process = await start();
    },
    stop: async () => {
      await process.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** AMQP 0-9-1 §4.2.2: a client opens with the protocol header; a ready broker answers with connection.start (a method frame, type 1). */
function answersAmqp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1])));
    socket.once('data', (data) => done(data[0] === 1));
    socket.once('error', () => done(false));
  });
}
