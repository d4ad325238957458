import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadAsyncApiSource } from '../../src/sources/asyncapi-load.js';
import { resolveAsyncApiOperation } from '../../src/sources/asyncapi-operations.js';
import type { AsyncApiOperation, AsyncApiSource } from '../../src/sources/asyncapi-types.js';

/**
 * AsyncAPI 2.x sources (DECISIONS D111): converted to 3.0 with @asyncapi/converter. The kitchen fixtures are one
 * description written twice, in 2.6 and by hand in 3.0 from the client's side; Loom's index must be the same for both.
 */
const fixture = (name: string) => pathToFileURL(fileURLToPath(new URL(`../fixtures/asyncapi-2/${name}`, import.meta.url))).href;
const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/asyncapi-2/${name}`, import.meta.url), 'utf8');
// The AsyncAPI parser builds its Spectral ruleset on first use; on a loaded machine that takes seconds.
const PARSE_TIMEOUT_MS = 120_000;

const folder = mkdtempSync(join(tmpdir(), 'loom-asyncapi-2-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
/** Writes `files` to a fresh folder of the temp folder; the URL of the first. */
let written = 0;
function writeFiles(files: Record<string, string>): string {
  const directory = join(folder, String(++written));
  mkdirSync(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return pathToFileURL(join(directory, Object.keys(files)[0]!)).href;
}

/** The index without what names the document's own places: the parser's ids of anonymous schemas differ by document. */
function comparable(operation: AsyncApiOperation): unknown {
  const { pointer: _pointer, ...rest } = operation;
  return JSON.parse(JSON.stringify(rest, (key, value: unknown) => (key.startsWith('x-parser-') ? undefined : value)));
}

async function load(url: string): Promise<AsyncApiSource> {
  const { source, diagnostics } = await loadAsyncApiSource('kitchen', url);
  expect(diagnostics).toEqual([]);
  return source!;
}

describe('AsyncAPI 2.x sources', () => {
  it(
    'D111: an AsyncAPI 2.6 source is indexed as its hand-written 3.0 equivalent: channels, parameters, servers, messages, correlation ids, actions; the converter prints nothing',
    async () => {
      // The converter warns on the console about parameter schema keywords 3.0 drops; nothing may reach a user's terminal.
      const warn = vi.spyOn(console, 'warn');
      const version2 = await load(fixture('kitchen-2.6.asyncapi.yaml'));
      expect(warn).not.toHaveBeenCalled();
      warn.mockRestore();
      const version3 = await load(fixture('kitchen-3.0.asyncapi.yaml'));
      expect(version2.version).toBe('2.6.0');
      expect([...version2.operations.keys()]).toEqual(['submitTicket', 'followTicket']);
      expect([...version2.operations.keys()]).toEqual([...version3.operations.keys()]);
      for (const [id, operation] of version3.operations) expect(comparable(version2.operations.get(id)!), id).toEqual(comparable(operation));

      // What the comparison covers, spelled out: 2.x `publish` is the workflow's send, `subscribe` its receive.
      const submit = version2.operations.get('submitTicket')!;
      expect(submit).toMatchObject({
        action: 'send',
        pointer: '/channels/kitchen~1{station}~1tickets/publish',
        channel: { name: 'kitchen/{station}/tickets', pointer: '/channels/kitchen~1{station}~1tickets', address: 'kitchen/{station}/tickets', parameters: ['station'] },
        servers: [{ name: 'broker', url: 'mqtt://127.0.0.1:1883/', protocol: 'mqtt', protocolVersion: '5' }],
      });
      expect(submit.messages).toMatchObject([{ name: 'ticket', contentType: 'application/json', correlationIdLocation: '$message.header#/ticketId' }]);
      expect(submit.messages[0]!.payload).toMatchObject({ required: ['ticketId', 'dish'], properties: { dish: { required: ['name'] } } });
      const follow = version2.operations.get('followTicket')!;
      expect(follow).toMatchObject({ action: 'receive', pointer: '/channels/kitchen~1tickets~1{ticketId}~1progress/subscribe', channel: { address: 'kitchen/tickets/{ticketId}/progress', parameters: ['ticketId'] } });
      expect(follow.servers.map((server) => [server.name, server.url])).toEqual([
        ['broker', 'mqtt://127.0.0.1:1883/'],
        ['standby', 'mqtt://standby.kitchen.test:{port}/'],
      ]);
      // A trait's headers are the message's (2.x and 3.0 agree where the message does not set them itself).
      expect(follow.messages).toMatchObject([
        { name: 'ticketReady', contentType: 'application/json', correlationIdLocation: '$message.header#/ticketId', headers: { properties: { ticketId: { type: 'string' } } } },
        { name: 'ticketDelayed', contentType: 'application/cloudevents+json', correlationIdLocation: '$message.payload#/data/ticketId' },
      ]);
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D111: a step finds a 2.x operation by operationId, and by channelPath (the 2.x channel key) with its action',
    async () => {
      const source = await load(fixture('kitchen-2.6.asyncapi.yaml'));
      expect(resolveAsyncApiOperation(source, { operationId: 'followTicket' }).operation?.action).toBe('receive');
      expect(resolveAsyncApiOperation(source, { channelPath: '#/channels/kitchen~1{station}~1tickets', action: 'send' }).operation?.operationId).toBe('submitTicket');
      expect(resolveAsyncApiOperation(source, { channelPath: '#/channels/kitchen~1{station}~1tickets', action: 'receive' }).error).toBe(
        "no operation on the channel '#/channels/kitchen~1{station}~1tickets' of the AsyncAPI source 'kitchen' has action 'receive' (it has: submitTicket (send))",
      );
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D111: an operation without operationId is found by channelPath; x-channelId does not rename the channel a channelPath names',
    async () => {
      const url = writeFiles({
        'audit.asyncapi.yaml': `asyncapi: 2.6.0
info: { title: Audit, version: 1.0.0 }
channels:
  kitchen/audit:
    x-channelId: audit
    subscribe:
      message:
        contentType: text/plain
        payload: { type: string }
`,
      });
      const source = await load(url);
      const found = resolveAsyncApiOperation(source, { channelPath: '#/channels/kitchen~1audit', action: 'receive' }).operation;
      expect(found).toMatchObject({ action: 'receive', channel: { name: 'kitchen/audit', address: 'kitchen/audit' }, messages: [{ contentType: 'text/plain' }] });
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D111: AsyncAPI 2.0 to 2.5 documents load as the same document in 2.6 does',
    async () => {
      // Channel-level `servers` came with 2.2; the rest of the kitchen is 2.0.
      const common = fixtureText('kitchen-2.6.asyncapi.yaml').replace('    servers:\n      - broker\n', '');
      const reference = await load(writeFiles({ 'kitchen.asyncapi.yaml': common }));
      for (const version of ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0']) {
        const source = await load(writeFiles({ 'kitchen.asyncapi.yaml': common.replace('asyncapi: 2.6.0', `asyncapi: ${version}`) }));
        expect(source.version).toBe(version);
        for (const [id, operation] of reference.operations) expect(comparable(source.operations.get(id)!), `${version} ${id}`).toEqual(comparable(operation));
      }
    },
    PARSE_TIMEOUT_MS * 2,
  );

  it(
    'D111: an external $ref inside a payload schema is read as in 3.0; an external $ref to a 2.x message is one asyncapi-unconvertible error at it',
    async () => {
      const schemaUrl = writeFiles({
        'orders.asyncapi.yaml': `asyncapi: 2.6.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    publish:
      operationId: placeOrder
      message:
        payload:
          $ref: './order.schema.yaml'
`,
        'order.schema.yaml': 'type: object\nrequired: [orderId]\nproperties:\n  orderId: { type: string }\n',
      });
      const source = await load(schemaUrl);
      expect(source.operations.get('placeOrder')!.messages[0]!.payload).toMatchObject({ required: ['orderId'] });

      const messageUrl = writeFiles({
        'orders.asyncapi.yaml': `asyncapi: 2.6.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    publish:
      operationId: placeOrder
      message:
        $ref: './order-message.yaml'
`,
        'order-message.yaml': 'messageId: order\npayload: { type: object }\n',
      });
      const { source: refused, diagnostics } = await loadAsyncApiSource('orders', messageUrl);
      expect(refused).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'asyncapi-unconvertible', severity: 'error', source: messageUrl, range: { start: { line: 8 } } });
      expect(diagnostics[0]!.message).toBe(
        "AsyncAPI 2.6.0: the external $ref './order-message.yaml' names a 2.x object, which @asyncapi/converter leaves unconverted (it converts only what is in this file); convert the document to 3.0 with `asyncapi convert` from the AsyncAPI CLI and check the result",
      );
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D111: a trait that sets a message field the message sets differently is one asyncapi-unconvertible error at the traits (2.x: the trait wins, 3.0: the message)',
    async () => {
      const url = fixture('trait-conflict.asyncapi.yaml');
      const { source, diagnostics } = await loadAsyncApiSource('kitchen', url);
      expect(source).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'asyncapi-unconvertible', severity: 'error', source: url, range: { start: { line: 21 } } });
      expect(diagnostics[0]!.message).toMatch(/^AsyncAPI 2\.6\.0: the message at #\/components\/messages\/Ticket and its traits both set 'contentType': AsyncAPI 2\.x applies traits over the object, 3\.0 the object over its traits/);
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D111: an invalid 2.x document is reported at its line in the 2.x file, and an AsyncAPI 1.x document is one source-not-asyncapi error',
    async () => {
      const invalidUrl = writeFiles({
        'orders.asyncapi.yaml': `asyncapi: 2.6.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    publish:
      operationId: placeOrder
      message:
        $ref: '#/components/messages/Missing'
`,
      });
      const invalid = await loadAsyncApiSource('orders', invalidUrl);
      expect(invalid.source).toBeUndefined();
      expect(invalid.diagnostics.length).toBeGreaterThan(0);
      for (const diagnostic of invalid.diagnostics) expect(diagnostic).toMatchObject({ code: 'asyncapi-invalid', source: invalidUrl, range: { start: { line: 8 } } });

      const old = await loadAsyncApiSource('orders', writeFiles({ 'old.asyncapi.yaml': 'asyncapi: 1.2.0\ninfo: { title: Old, version: 1.0.0 }\ntopics: {}\n' }));
      expect(old.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
        ['source-not-asyncapi', "Source description 'orders': AsyncAPI 1.2.0; Loom reads AsyncAPI 2.0 to 2.6 and 3.x (convert it with `asyncapi convert` from the AsyncAPI CLI)"],
      ]);
    },
    PARSE_TIMEOUT_MS,
  );
});
