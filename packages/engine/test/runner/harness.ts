/**
 * Shared pieces of the runner tests: a scripted local server (real node:http on
 * 127.0.0.1:0), Arazzo documents written to a temp folder and loaded, and a run
 * that records its events.
 */
import type { ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import { run, type RunEvent, type RunOptions, type RunResult } from '@loom/engine';
import { startServer, type LocalServer, type ReceivedRequest } from '../http/local-server.js';
import { loadFromFiles, openapi } from './workspace.js';

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
}

/** Answers a request: a Reply, or `undefined` when the script wrote the response itself. */
export type Script = (request: ReceivedRequest, index: number, response: ServerResponse) => Reply | undefined;

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A local server answering with `script`; closed after the test. */
export async function scriptedServer(script: Script = () => ({ body: {} })): Promise<LocalServer> {
  let count = 0;
  const server = await startServer((request, response) => {
    const reply = script(request, count++, response);
    if (reply === undefined) return;
    const body = reply.body;
    const isText = typeof body === 'string';
    response.statusCode = reply.status ?? 200;
    if (body !== undefined && !isText) response.setHeader('content-type', 'application/json');
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
    response.end(body === undefined ? undefined : isText ? body : JSON.stringify(body));
  });
  servers.push(server);
  return server;
}

/** Loads `arazzo` (as flow.arazzo.yaml) with `api.openapi.yaml` made of `paths` served by `serverUrl`, plus any extra files. */
export async function loadFlow(arazzo: string, serverUrl: string, paths: string, extra: Record<string, string> = {}) {
  return loadFromFiles({ 'flow.arazzo.yaml': arazzo, 'api.openapi.yaml': openapi(serverUrl, paths), ...extra });
}

/** The Arazzo header every test document starts with: one `api` source. */
export const HEADER = `arazzo: 1.0.1
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;

/** Runs and records every event. */
export async function runRecorded(
  loaded: Awaited<ReturnType<typeof loadFromFiles>>,
  options: RunOptions = {},
): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await run(loaded, { ...options, onEvent: (event) => events.push(event) });
  return { result, events };
}

/** `METHOD url` of every request the server received. */
export function lines(server: LocalServer): string[] {
  return server.received.map((request) => `${request.method} ${request.url}`);
}

/** The step entries of a result, without timings. */
export function stepSummary(result: RunResult): { stepId: string; status: string; attempts: number; statusCode?: number }[] {
  return result.steps.map(({ stepId, status, attempts, statusCode }) => ({ stepId, status, attempts, ...(statusCode !== undefined ? { statusCode } : {}) }));
}

export { openapi };
