/**
 * The queue commands (enqueue, worker, status, results, cancel, schedule) over a real redis-server
 * and a real local API: in process through main(), and the worker once as the bundled binary,
 * stopped by a real SIGTERM.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeContext, runLoomInProcess } from '../../../test/support/fake-context.js';
import { bin, startNodeScript } from '../../../test/support/run-loom.js';
import { freePort } from '../../../test/support/services/free-port.js';
import { startRedis, type RedisServer } from '../../../test/support/services/redis.js';
import { main } from '../src/main.js';
import { startFixture, type Fixture } from '../../queue/test/queue-fixture.js';
import { readHash } from '../../queue/test/redis-hash.js';
import { parseInterval } from '../src/commands/schedule.js';
import { parseSince } from '../src/commands/results.js';

let redis: RedisServer;
let fixture: Fixture;
let prefixCount = 0;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startFixture();
}, 60_000);
afterAll(async () => {
  await fixture?.server.close();
  await redis?.stop();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function place(): string[] {
  prefixCount += 1;
  return ['--redis', redis.url, '--prefix', `cli${prefixCount}`];
}

/** `loom worker` in this process until the test ends (then SIGTERM: it drains and resolves). */
function startWorker(queue: string[]) {
  const context = fakeContext();
  const exit = main(['worker', ...queue, '--concurrency', '2'], context);
  stops.push(async () => {
    context.sendSignal('SIGTERM');
    expect(await exit).toBe(0);
  });
  return context;
}

describe('loom enqueue, worker, status, results, cancel', () => {
  it('queues a run, a worker carries it out, status and results show it', async () => {
    const queue = place();
    const queued = await runLoomInProcess(['enqueue', fixture.document, '--input', 'name=ada', '--job-id', 'run-ada', ...queue]);
    expect(queued).toMatchObject({ code: 0, stdout: 'run-ada\n' });
    const again = await runLoomInProcess(['enqueue', fixture.document, '--input', 'name=ada', '--job-id', 'run-ada', ...queue]);
    expect(again).toMatchObject({ code: 0, stdout: 'run-ada (queued already)\n' });
    expect((await runLoomInProcess(['status', 'run-ada', ...queue])).stdout).toMatch(/^run-ada {2}waiting {2}workflow greet\n/);

    const worker = startWorker(queue);
    const waited = await runLoomInProcess(['enqueue', fixture.document, '--input', 'name=bo', '--wait', '--json', ...queue]);
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ state: 'completed', result: { status: 'success', outputs: { greeting: 'hello bo' } } });

    const status = await runLoomInProcess(['status', 'run-ada', '--json', ...queue]);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId: 'run-ada', state: 'completed', result: { outputs: { greeting: 'hello ada' } } });
    const text = await runLoomInProcess(['status', 'run-ada', ...queue]);
    expect(text.stdout).toMatch(/^run-ada {2}succeeded {2}workflow greet {2}\d+ ms\n {2}outputs: \{"greeting":"hello ada"\}\n/);
    const results = await runLoomInProcess(['results', '--status', 'completed', '--since', '1h', ...queue]);
    expect(results.stdout.trim().split('\n')).toHaveLength(2);
    expect(worker.stdoutText()).toMatch(/run-ada {2}succeeded {2}workflow greet/);
  });

  it('refuses a bad document, bad inputs and stdin at enqueue with exit 2, and queues nothing', async () => {
    const queue = place();
    const broken = join(fixture.folder, 'cli-broken.arazzo.yaml');
    await writeFile(broken, 'arazzo: 1.0.1\ninfo: {title: x, version: 1}\nworkflows: []\n');
    const bad = await runLoomInProcess(['enqueue', broken, ...queue]);
    expect(bad.code).toBe(2);
    const inputsFile = join(fixture.folder, 'bad-inputs.json');
    await writeFile(inputsFile, '{"name": 42}');
    const inputs = await runLoomInProcess(['enqueue', fixture.document, '--inputs', inputsFile, ...queue]);
    expect(inputs).toMatchObject({ code: 2 });
    expect(inputs.stderr).toMatch(/inputs of workflow greet are invalid/);
    expect((await runLoomInProcess(['enqueue', '-', ...queue])).stderr).toMatch(/cannot come from stdin/);
    expect((await runLoomInProcess(['results', '--json', ...queue])).stdout.trim()).toBe('[]');
  });

  it('cancels a delayed run; an unknown run is exit 2', async () => {
    const queue = place();
    await runLoomInProcess(['enqueue', fixture.document, '--input', 'name=x', '--delay', '60000', '--job-id', 'later', ...queue]);
    expect(await runLoomInProcess(['cancel', 'later', ...queue])).toMatchObject({ code: 0, stdout: 'later: removed (it was delayed)\n' });
    expect(await runLoomInProcess(['status', 'later', ...queue])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^loom: status: no run 'later'/) });
  });

  it('Redis unreachable: one line, exit 2, no password, no stack', async () => {
    const port = await freePort();
    for (const args of [['status', 'x'], ['results'], ['cancel', 'x'], ['worker'], ['enqueue', fixture.document, '--input', 'name=x'], ['schedule', '--list']]) {
      const result = await runLoomInProcess([...args, '--redis', `redis://me:pa55word@127.0.0.1:${port}`]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^loom: \\w+: cannot reach Redis at redis://me:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\n$`));
    }
  });

  it('schedules runs every second on BullMQ job schedulers, lists and removes the schedule', async () => {
    const queue = place();
    const scheduled = await runLoomInProcess(['schedule', fixture.document, '--input', 'name=tick', '--every', '1s', '--id', 'ticker', ...queue]);
    expect(scheduled).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ticker: scheduled/) });
    expect((await runLoomInProcess(['schedule', '--list', ...queue])).stdout).toMatch(/^ticker {2}every 1000 ms {2}workflow greet/);
    startWorker(queue);
    // Two runs at least come from the schedule (the wait is bounded by the test timeout).
    for (;;) {
      const done = JSON.parse((await runLoomInProcess(['results', '--status', 'completed', '--json', ...queue])).stdout) as unknown[];
      if (done.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await runLoomInProcess(['schedule', '--remove', 'ticker', ...queue])).toMatchObject({ code: 0, stdout: 'ticker: removed\n' });
    expect(await runLoomInProcess(['schedule', '--remove', 'ticker', ...queue])).toMatchObject({ code: 2 });
    const badCron = await runLoomInProcess(['schedule', fixture.document, '--input', 'name=x', '--cron', 'not a cron', ...queue]);
    expect(badCron).toMatchObject({ code: 2, stderr: expect.stringMatching(/^loom: schedule: the schedule cannot be set: /) });
  });

  it('D93: loom worker --rate stores the limit of each source with its permit queue in Redis; a bad --rate is exit 2', async () => {
    const queue = place();
    startWorker([...queue, '--rate', 'api=4/s', '--rate', 'other=250/s']);
    // Read once the worker is up (bounded by the test timeout): BullMQ's global rate limit of each permit queue.
    const meta = (source: string) => readHash(redis.url, `${queue[3]!}:runs.rate.${source}:meta`);
    while ((await meta('other'))['max'] === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    // 4/s: one permit per (1000 + 50) / 4 ms (D93's jitter guard).
    expect(await meta('api')).toMatchObject({ max: '1', duration: '263' });
    expect(await meta('other')).toMatchObject({ max: '3', duration: '13' });
    for (const bad of ['api=0/s', 'api=5', 'api=5/m', 'a.b=1/s', '=1/s']) {
      expect(await runLoomInProcess(['worker', '--rate', bad, ...place()]), bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/^loom: worker: --rate is <source>=<n>\/s/) });
    }
    expect((await runLoomInProcess(['worker', '--rate', 'a=1/s', '--rate', 'a=2/s', ...place()])).stderr).toMatch(/--rate gives source a twice/);
  });

  it('reads intervals and times as documented', () => {
    expect([parseInterval('30s'), parseInterval('5m'), parseInterval('1h'), parseInterval('1d'), parseInterval('1500')]).toEqual([30_000, 300_000, 3_600_000, 86_400_000, 1500]);
    for (const bad of ['0s', '999', '1w', '', '-5s']) expect(() => parseInterval(bad)).toThrow(/--every is an interval/);
    expect(parseSince('2h', 10_000_000).getTime()).toBe(10_000_000 - 7_200_000);
    expect(parseSince('2026-11-30T12:00:00Z', 0).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(() => parseSince('yesterday', 0)).toThrow(/--since/);
  });

  it('the bundled `loom worker` drains and exits 0 on SIGTERM', async () => {
    const queue = place();
    const started = startNodeScript(bin, ['worker', ...queue]);
    // Bounded by the test timeout: the worker says it is working once Redis answered.
    await new Promise<void>((resolve) => {
      let text = '';
      started.child.stderr.on('data', (chunk: Buffer | string) => {
        text += chunk.toString();
        if (text.includes('working on queue')) resolve();
      });
    });
    started.child.kill('SIGTERM');
    const done = await started.done;
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/working on queue runs at redis:\/\/127\.0\.0\.1:\d+; Ctrl-C or SIGTERM to drain and stop\nloom worker: draining: finishing the runs in hand\n$/);
  });
});
