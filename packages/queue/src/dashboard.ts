/**
 * `loom dashboard`: the queue's web dashboard on Bull Board (issue 16: no home-made dashboard),
 * served by Hono on Node's HTTP server. It listens on 127.0.0.1 unless told otherwise; on any
 * other address it asks for a password (HTTP basic auth), since it shows runs and can act on them.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import type { AddressInfo } from 'node:net';
import { checkReachable, resolveLocation, type QueueLocation } from './connection.js';
import { openQueue } from './enqueue.js';
import { QueueError } from './queue-error.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions extends QueueLocation {
  /** Default 0: a free port, printed at start. */
  readonly port?: number;
  /** Default 127.0.0.1. Any other address needs `password`. */
  readonly host?: string;
  /** Required off loopback: the dashboard then asks for it (user `loom`). */
  readonly password?: string;
  /** Only show: no retry, promote, clean or remove from the page (default false). */
  readonly readOnly?: boolean;
}

/** A running dashboard. */
export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Bull Board's page links Google Fonts: a browser opening the dashboard would tell Google, and wait on it offline. */
const GOOGLE_FONTS_LINK = /<link[^>]*fonts\.googleapis\.com[^>]*>\s*/g;

/** The page is served as Bull Board writes it, less the font link: it falls back to the system's fonts and loads nothing from elsewhere. */
const withoutThirdPartyFonts: MiddlewareHandler = async (context, next) => {
  await next();
  if (!(context.res.headers.get('content-type') ?? '').startsWith('text/html')) return;
  const page = (await context.res.text()).replace(GOOGLE_FONTS_LINK, '');
  const headers = new Headers(context.res.headers);
  headers.delete('content-length');
  context.res = new Response(page, { status: context.res.status, headers });
};

export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const location = resolveLocation(options);
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && (options.password === undefined || options.password.length < 12)) {
    throw new QueueError('LOOM_QUEUE_ERR_USAGE', `the dashboard shows and acts on runs: on ${host}, beyond this machine, it needs a password of 12 characters or more`);
  }
  await checkReachable(location);
  const queue = openQueue(location);
  const basePath = '/';
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: options.readOnly ?? false })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Loom runs' } },
  });
  const app = new Hono();
  if (options.password !== undefined) app.use('*', basicAuth({ username: 'loom', password: options.password }));
  app.use('*', withoutThirdPartyFonts);
  app.route(basePath, serverAdapter.registerPlugin());
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
    },
  };
}
