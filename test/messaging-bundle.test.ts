/**
 * The message transports as users run them: the chunks esbuild made of them in the CLI bundle
 * (packages/cli/dist/bundle, built by the global setup), each with its client bundled in, send and
 * receive over a real server. A client that does not survive bundling (optional native add-ons,
 * `require` of a file by path) fails here, not in a user's run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport, TransportConnectOptions } from '../packages/engine/src/messaging/types.js';
import { type AedesBroker, startAedes } from './support/services/aedes.js';
import { freePort } from './support/services/free-port.js';
import { type NatsServer, startNatsServer } from './support/services/nats.js';
import { startWsServer, type WsServer } from './support/services/ws-server.js';

const bundleFolder = fileURLToPath(new URL('../packages/cli/dist/bundle/', import.meta.url));

async function bundledConnect(module: string, name: string): Promise<(options: TransportConnectOptions) => Promise<Transport>> {
  const file = readdirSync(bundleFolder).find((entry) => entry.startsWith(`chunk-${module}-`) && entry.endsWith('.mjs'));
  if (file === undefined) throw new Error(`no chunk-${module}-*.mjs in ${bundleFolder}`);
  const loaded = (await import(pathToFileURL(join(bundleFolder, file)).href)) as Record<string, unknown>;
  return loaded[name] as (options: TransportConnectOptions) => Promise<Transport>;
}

const options = (url: string): TransportConnectOptions => ({
  url: new URL(url),
  connectTimeoutMs: 10_000,
  publishTimeoutMs: 10_000,
  maxMessageBytes: 1_048_576,
  onFailure: () => undefined,
});

async function roundTrip(transport: Transport, channel: string): Promise<string> {
  const arrived = new Promise<string>((resolve) => {
    void transport.subscribe(channel, (message) => resolve(Buffer.from(message.payload).toString('utf8'))).then(() =>
      transport.publish({ channel, headers: {}, payload: new TextEncoder().encode('{"bundled":true}'), contentType: 'application/json' }),
    );
  });
  return arrived;
}

let aedes: AedesBroker;
let nats: NatsServer;
let ws: WsServer;

beforeAll(async () => {
  [aedes, nats, ws] = await Promise.all([startAedes(), startNatsServer(), startWsServer()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([aedes?.close(), nats?.stop(), ws?.close()]);
});

describe('bundled message transports', () => {
  it('mqtt: the bundled chunk sends and receives through aedes', async () => {
    const transport = await (await bundledConnect('mqtt-transport', 'connectMqtt'))(options(aedes.url));
    expect(await roundTrip(transport, 'bundle/mqtt')).toBe('{"bundled":true}');
    await transport.close();
  });

  it('nats: the bundled chunk sends and receives through nats-server', async () => {
    const transport = await (await bundledConnect('nats-transport', 'connectNats'))(options(nats.url));
    expect(await roundTrip(transport, 'bundle.nats')).toBe('{"bundled":true}');
    await transport.close();
  });

  it('ws: the bundled chunk sends and receives through a ws server', async () => {
    const receiver = await (await bundledConnect('ws-transport', 'connectWebSocket'))(options(ws.url));
    const sender = await (await bundledConnect('ws-transport', 'connectWebSocket'))(options(ws.url));
    const arrived = new Promise<string>((resolve) => void receiver.subscribe('/bundle/ws', (message) => resolve(Buffer.from(message.payload).toString('utf8'))));
    await expect.poll(() => ws.clients('/bundle/ws'), { timeout: 10_000 }).toBe(1);
    await sender.publish({ channel: '/bundle/ws', headers: {}, payload: new TextEncoder().encode('hello'), contentType: 'text/plain' });
    expect(await arrived).toBe('hello');
    await Promise.all([receiver.close(), sender.close()]);
  });

  it('amqp: the bundled chunk loads amqplib and reports a broker that is down as LOOM_ERR_TRANSPORT', async () => {
    const connect = await bundledConnect('amqp-transport', 'connectAmqp');
    const port = await freePort();
    await expect(connect(options(`amqp://127.0.0.1:${port}`))).rejects.toMatchObject({
      code: 'LOOM_ERR_TRANSPORT',
      message: expect.stringMatching(new RegExp(`^amqp amqp://127\\.0\\.0\\.1:${port}: cannot connect: .*ECONNREFUSED`)),
    });
  });
});
