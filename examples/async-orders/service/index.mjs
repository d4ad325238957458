// The order service of the async-orders example, and the MQTT broker it talks through.
// `startBroker` runs aedes, a real MQTT 3.1.1 server, in this process on 127.0.0.1.
// `startOrderService` serves the OpenAPI description's HTTP API on 127.0.0.1 and is an
// MQTT client of the broker: it consumes payments on `orders/payments` and publishes
// each order's confirmation on `orders/confirmations`, as the AsyncAPI description says.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';

export const HOST = '127.0.0.1';
/** Price of one item; an order's amount is quantity × this. */
export const UNIT_PRICE = 2.5;
const MAX_BODY_BYTES = 64 * 1024;

/** An MQTT broker on 127.0.0.1 and a free port (or `port`). */
export async function startBroker({ port = 0 } = {}) {
  const broker = await Aedes.createBroker();
  const sockets = new Set();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, resolve);
  });
  return {
    url: `mqtt://${HOST}:${server.address().port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
      await new Promise((resolve) => broker.close(() => resolve()));
    },
  };
}

/** The order service: HTTP on 127.0.0.1 and a free port (or `port`), an MQTT client of `brokerUrl`. */
export async function startOrderService({ brokerUrl, port = 0, confirmDelayMs = 50 }) {
  const orders = new Map();
  const mqtt = await connectAsync(brokerUrl, { clientId: `order-service-${randomUUID()}`, reconnectPeriod: 500 });
  await mqtt.subscribeAsync('orders/payments', { qos: 1 });
  mqtt.on('message', (topic, payload) => {
    if (topic !== 'orders/payments') return;
    let payment;
    try {
      payment = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    const order = orders.get(payment?.orderId);
    // A payment for no order, or of the wrong amount, confirms nothing.
    if (order === undefined || payment.amount !== order.amount || order.status !== 'pending') return;
    setTimeout(() => {
      order.status = 'confirmed';
      order.confirmationId = randomUUID();
      const confirmation = { orderId: order.orderId, status: 'confirmed', confirmationId: order.confirmationId };
      mqtt.publish('orders/confirmations', JSON.stringify(confirmation), { qos: 1 });
    }, confirmDelayMs);
  });

  const server = createHttpServer((request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'POST' && path === '/orders') {
      let size = 0;
      const chunks = [];
      request.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy();
        else chunks.push(chunk);
      });
      request.on('end', () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return reply(400, { error: 'the body is not JSON' });
        }
        if (typeof body?.item !== 'string' || !Number.isInteger(body.quantity) || body.quantity < 1) return reply(400, { error: 'item (string) and quantity (integer >= 1) are required' });
        const order = { orderId: randomUUID(), item: body.item, quantity: body.quantity, amount: body.quantity * UNIT_PRICE, status: 'pending' };
        orders.set(order.orderId, order);
        reply(202, order);
      });
      return;
    }
    const match = /^\/orders\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && match) {
      const order = orders.get(decodeURIComponent(match[1]));
      return order === undefined ? reply(404, { error: 'no such order' }) : reply(200, order);
    }
    reply(404, { error: 'not found' });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, resolve);
  });
  return {
    url: `http://${HOST}:${server.address().port}`,
    orders,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
      await mqtt.endAsync(true);
    },
  };
}
