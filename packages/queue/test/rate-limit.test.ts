/**
 * DECISIONS D93 over a real redis-server and a real local API: requests to a rate-limited source,
 * sent by two workers in two processes, never exceed the rate in any one-second window at the server;
 * another source of the same runs is not held back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueue, getRun, type LoomWorker, type QueuedRun } from '@loom/queue';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { startServer, type LocalServer } from '../../engine/test/http/local-server.js';
import { limiterFor } from '../src/rate-limits.js';

const DOCUMENT = `arazzo: 1.0.1
info: { title: rate limits, version: 1.0.0 }
sourceDescriptions:
  - { name: metered, url: ./metered.openapi.yaml, type: openapi }
  - { name: free, url: ./free.openapi.yaml, type: openapi }
workflows:
  - workflowId: meter
    inputs: { type: object, properties: { n: { type: integer } } }
    steps:
      - stepId: free
        operationId: $sourceDescriptions.free.ping
        parameters: [{ name: n, in: query, value: $inputs.n }]
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: metered
        operationId: $sourceDescriptions.metered.ping
        parameters: [{ name: n, in: query, value: $inputs.n }]
        successCriteria: [{ condition: $statusCode == 200 }]
`;

function description(title: string, url: string): string {
  return `openapi: 3.1.0
info: { title: ${title}, version: 1.0.0 }
servers: [{ url: '${url}' }]
paths:
  /ping:
    get:
      operationId: ping
      parameters: [{ name: n, in: query, schema: { type: integer } }]
      responses: { '200': { description: ok } }
`;
}

let redis: RedisServer;
let server: LocalServer;
let document: string;
/** Arrival times (ms) at the server, by path. */
const arrivals = new Map<string, number[]>();
const children: ChildProcess[] = [];
const workers: LoomWorker[] = [];

beforeAll(async () => {
  redis = await startRedis();
  server = await startServer((request, response) => {
    const path = request.url.split('?')[0]!;
    // Recorded when the whole request has arrived (the server's own clock), which is what an API counts.
    arrivals.set(path, [...(arrivals.get(path) ?? []), performance.now()]);
    response.end();
  });
  const folder = await mkdtemp(join(tmpdir(), 'loom-rate-'));
  await writeFile(join(folder, 'metered.openapi.yaml'), description('metered', `${server.url}/metered`));
  await writeFile(join(folder, 'free.openapi.yaml'), description('free', `${server.url}/free`));
  document = join(folder, 'rate.arazzo.yaml');
  await writeFile(document, DOCUMENT);
}, 60_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.close()));
  await server?.close();
  await redis?.stop();
});

function workerProcess(prefix: string, rateLimits: object): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./worker-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, redis.url, prefix, '30000', JSON.stringify(rateLimits), '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`the worker process exited (${String(code)}): ${errors}`)));
  });
}

/** The most arrivals within any window of `windowMs` (half-open, as an API counting a second would). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('@loom/queue rate limits', () => {
  it('D93: requests to a limited source never exceed its rate in any second, across two worker processes', async () => {
    const location = { redis: redis.url, prefix: 'rated' };
    const perSecond = 4;
    const runs = 14;
    const rateLimits = { metered: { perSecond } };
    await workerProcess(location.prefix, rateLimits);
    let finishedHere = 0;
    workers.push(await createWorker({ ...location, concurrency: 4, rateLimits, onRunFinished: () => (finishedHere += 1) }));
    const started = performance.now();
    const queued = await Promise.all(Array.from({ length: runs }, (_, n) => enqueue(document, { ...location, inputs: { n } })));
    const finished: QueuedRun[] = [];
    for (const { runId } of queued) {
      for (;;) {
        const run = await getRun(runId, location);
        if (run.state === 'completed' || run.state === 'failed') {
          finished.push(run);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const elapsed = performance.now() - started;
    expect(finished.map((run) => run.result?.status)).toEqual(Array(runs).fill('success'));
    const metered = arrivals.get('/metered/ping') ?? [];
    const free = arrivals.get('/free/ping') ?? [];
    expect([metered.length, free.length]).toEqual([runs, runs]);
    expect(busiestWindow(metered, 1000)).toBeLessThanOrEqual(perSecond);
    // The limit holds the metered requests back (14 at 4/s take more than 3 s) and nothing else: the
    // free source's requests, the first step of every run, all arrive before the metered ones are done.
    expect(elapsed).toBeGreaterThanOrEqual(((runs - 1) / perSecond) * 1000);
    expect(Math.max(...free)).toBeLessThan(Math.max(...metered) - 1000);
    // Both processes carried runs out: the limit is the fleet's, not each worker's.
    expect(finishedHere).toBeGreaterThan(0);
    expect(finishedHere).toBeLessThan(runs);
  });

  it('D93: a limit is kept in BullMQ limiter windows that never let more than the rate through in a second', () => {
    for (const perSecond of [1, 3, 4, 7, 30, 50, 99, 100, 101, 250, 999, 1000, 5000]) {
      const { max, duration } = limiterFor(perSecond);
      // Window starts are at least `duration` apart (BullMQ's limiter key expires after it), so a second holds at most ceil(1000 / duration) of them.
      const mostInASecond = max * Math.ceil(1000 / duration);
      expect(mostInASecond, `${perSecond}/s`).toBeLessThanOrEqual(perSecond);
      expect(mostInASecond, `${perSecond}/s`).toBeGreaterThanOrEqual(Math.floor(perSecond * 0.9));
    }
  });
});
