import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAsyncApiSource } from '../../src/sources/asyncapi-load.js';
import { resolveAsyncApiOperation } from '../../src/sources/asyncapi-operations.js';

/** AsyncAPI source descriptions (DECISIONS D73): parsed with @asyncapi/parser, indexed by operation. */
const fixture = (name: string) => pathToFileURL(fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url))).href;
// The AsyncAPI parser builds its Spectral ruleset on first use; on a loaded machine that takes seconds.
const PARSE_TIMEOUT_MS = 120_000;

describe('AsyncAPI sources', () => {
  it(
    'D73: an AsyncAPI 3.0 source is indexed by operation, with channel, servers and messages',
    async () => {
      const { source, diagnostics } = await loadAsyncApiSource('events', fixture('orders.asyncapi.yaml'));
      expect(diagnostics).toEqual([]);
      expect(source!.version).toBe('3.0.0');
      expect([...source!.operations.keys()]).toEqual(['placeOrder', 'receiveConfirmation', 'auditConfirmation']);
      const place = source!.operations.get('placeOrder')!;
      expect(place).toMatchObject({
        operationId: 'placeOrder',
        action: 'send',
        pointer: '/operations/placeOrder',
        channel: { name: 'orderRequests', pointer: '/channels/orderRequests', address: 'orders/{region}/requests', parameters: ['region'] },
        servers: [{ name: 'broker', protocol: 'mqtt', protocolVersion: '5', url: 'mqtt://localhost:1883/' }],
      });
      expect(place.messages).toHaveLength(1);
      // The document's defaultContentType applies where the message has none.
      expect(place.messages[0]).toMatchObject({ contentType: 'application/json', correlationIdLocation: undefined });
      expect(place.messages[0]!.payload).toMatchObject({ type: 'object', required: ['petId'] });
      expect(place.messages[0]!.headers).toMatchObject({ properties: { requestId: { type: 'string' } } });
      const confirmation = source!.operations.get('receiveConfirmation')!.messages[0]!;
      expect(confirmation).toMatchObject({ contentType: 'application/cloudevents+json', correlationIdLocation: '$message.payload#/requestId' });
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D73: operations resolve by operationId and by channelPath with action',
    async () => {
      const { source } = await loadAsyncApiSource('events', fixture('orders.asyncapi.yaml'));
      expect(resolveAsyncApiOperation(source!, { operationId: 'placeOrder' }).operation?.operationId).toBe('placeOrder');
      expect(resolveAsyncApiOperation(source!, { operationId: 'cancelOrder' }).error).toBe(
        "the AsyncAPI source 'events' has no operation 'cancelOrder' (it has: placeOrder, receiveConfirmation, auditConfirmation)",
      );
      expect(resolveAsyncApiOperation(source!, { channelPath: '#/channels/orderConfirmations', action: 'receive' }).operation?.operationId).toBe('receiveConfirmation');
      expect(resolveAsyncApiOperation(source!, { channelPath: '#/channels/orderConfirmations', action: 'send' }).operation?.operationId).toBe('auditConfirmation');
      expect(resolveAsyncApiOperation(source!, { channelPath: '#/channels/orderRequests', action: 'receive' }).error).toBe(
        "no operation on the channel '#/channels/orderRequests' of the AsyncAPI source 'events' has action 'receive' (it has: placeOrder (send))",
      );
      expect(resolveAsyncApiOperation(source!, { channelPath: '#/channels/nowhere', action: 'send' }).error).toMatch(/^the AsyncAPI source 'events' has no operation on the channel '#\/channels\/nowhere'/);
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D73: an unresolvable $ref is an error at its line in the AsyncAPI file',
    async () => {
      const url = fixture('broken-ref.asyncapi.yaml');
      const { source, diagnostics } = await loadAsyncApiSource('events', url);
      expect(source).toBeUndefined();
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const diagnostic of diagnostics) {
        expect(diagnostic).toMatchObject({ code: 'asyncapi-invalid', severity: 'error', source: url });
        expect(diagnostic.range?.start).toMatchObject({ line: 7 });
        expect(diagnostic.range?.start.column).toBeGreaterThan(0);
      }
      expect(diagnostics.some((diagnostic) => diagnostic.message.includes('#/components/messages/Missing'))).toBe(true);
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'D73: an AsyncAPI 2.x document loads (converted to 3.0, D111); an AsyncAPI 1.x document is one clear error',
    async () => {
      const { source, diagnostics } = await loadAsyncApiSource('events', fixture('orders-v2.asyncapi.yaml'));
      expect(diagnostics).toEqual([]);
      expect(source!.version).toBe('2.6.0');
      // AsyncAPI 2.x `publish`: what a client sends to the application, so the workflow's send.
      expect(source!.operations.get('placeOrder')).toMatchObject({ action: 'send', channel: { address: 'orders/requests' } });
      const old = await loadAsyncApiSource('events', fixture('orders-v1.asyncapi.yaml'));
      expect(old.source).toBeUndefined();
      expect(old.diagnostics.map((d) => [d.code, d.message])).toEqual([
        ['source-not-asyncapi', "Source description 'events': AsyncAPI 1.2.0; Loom reads AsyncAPI 2.0 to 2.6 and 3.x (convert it with `asyncapi convert` from the AsyncAPI CLI)"],
      ]);
    },
    PARSE_TIMEOUT_MS,
  );
});
