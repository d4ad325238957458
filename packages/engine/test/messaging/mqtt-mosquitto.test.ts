/** The MQTT transport against mosquitto: MQTT 5 (user properties, content type) and 3.1.1, and credentials from the URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { type Mosquitto, startMosquitto } from '../../../../test/support/services/mosquitto.js';
import type { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import { describeTransportContract } from './transport-contract.js';

let broker: Mosquitto;
let securedBroker: Mosquitto;
const PASSWORD = 'pa55-w0rd:with@signs';

beforeAll(async () => {
  [broker, securedBroker] = await Promise.all([startMosquitto(), startMosquitto({ credentials: { username: 'loom', password: PASSWORD } })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([broker?.stop(), securedBroker?.stop()]);
});

const options = { downUrl: async () => `mqtt://127.0.0.1:${await freePort()}`, afterRestart: 'reconnects' } as const;

describe('D69, D70: the transport contract over mqtt 5 (mosquitto)', () =>
  describeTransportContract(() => ({ url: broker.url, protocolVersion: '5', carriesHeaders: true, carriesContentType: true, restart: () => broker.restart() }), options),
);
describe('D69, D70: the transport contract over mqtt 3.1.1 (mosquitto)', () =>
  describeTransportContract(() => ({ url: broker.url, protocolVersion: '3.1.1', carriesHeaders: false, carriesContentType: false, restart: () => broker.restart() }), options),
);

describe('mqtt credentials from the URL user info', () => {
  const urlWith = (password: string): URL => new URL(`mqtt://loom:${encodeURIComponent(password)}@127.0.0.1:${securedBroker.port}`);

  it('connects with the user and password of the URL (percent-decoded)', async () => {
    const transport = await connectTransport({ url: urlWith(PASSWORD), protocolVersion: '5' });
    const inbox = await MessageInbox.open(transport, ['secured/topic']);
    await transport.publish({ channel: 'secured/topic', headers: {}, payload: new TextEncoder().encode('ok') });
    expect(Buffer.from((await inbox.take('secured/topic', () => true, 10_000)).payload).toString()).toBe('ok');
    await inbox.close();
    await transport.close();
  });

  it('D31: a refused password is a LOOM_ERR_TRANSPORT that never shows it', async () => {
    const wrong = 'not-the-s3cret-password';
    const error = (await connectTransport({ url: urlWith(wrong), protocolVersion: '5', connectTimeoutMs: 5_000 }).catch((caught: unknown) => caught)) as LoomError;
    expect(error.code).toBe('LOOM_ERR_TRANSPORT');
    expect(error.message).toContain(`mqtt mqtt://****@127.0.0.1:${securedBroker.port}`);
    expect(error.message).toMatch(/not authorized|bad user name or password/i);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(encodeURIComponent(wrong));
    expect(error.cause).toBeUndefined();
  });
});
