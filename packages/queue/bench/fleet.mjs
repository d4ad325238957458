#!/usr/bin/env node
// The fleet benchmark of @loom/queue (issue 16, "Measured"): N Amberflo launch runs, each with its own
// customer and meter, against the Amberflo simulator (examples/amberflo/simulator, in this process,
// reset between phases), in three phases:
//   baseline  the N runs in one process through the engine API (`run()` with a pool of W x C runs);
//   fleet     the N runs queued with a queue client (`createQueueClient`) while no worker runs (Redis memory measured before,
//             queued, finished), then carried out by W `loom worker` processes of the built bundle
//             (--concurrency C each);
//   crash     N more runs through W workers; once a third of them finished, K workers are SIGKILLed
//             and K fresh ones started. Runs the launch workflow written to be repeated safely
//             (launch-at-least-once.arazzo.yaml): a step in flight on a killed worker is sent again.
// Every phase checks every run succeeded and that the simulator holds exactly N meters, customers,
// plan assignments and events, with 4 requests per run; the crash phase checks that only steps in
// flight on the killed workers were sent again, each at most twice, and never a checkpointed one.
// Exit 1 when a check fails.
//
//   pnpm bench:queue [-- --runs 10000 --workers 4 --concurrency 16 --kill 2 --take-over-after 5000]
//   node packages/queue/bench/fleet.mjs --runs 500      (pnpm bench's short run)
//
// Run after building (`pnpm build`): the workers are `loom worker` of packages/cli/dist/bundle/loom.mjs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadDocument } from '../../engine/dist/index.js';
import { startSimulator } from '../../../examples/amberflo/simulator/index.mjs';
import { createQueueClient, DEFAULT_RETENTION, enqueue } from '../dist/index.js';
import { openValue } from '../dist/sealed-values.js';
import { startRedisServer } from './redis-server.mjs';

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));
export const LAUNCH_DOCUMENT = here('../../../examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml');
export const REPEATABLE_LAUNCH_DOCUMENT = here('./launch-at-least-once.arazzo.yaml');
const LOOM_BUNDLE = here('../../cli/dist/bundle/loom.mjs');
const BASELINE_PROCESS = here('./baseline-process.mjs');

/** The launch workflow's steps by the simulator path each one posts to. */
const STEP_OF_PATH = new Map([
  ['/meter-definition', 'createMeter'],
  ['/customers', 'createCustomer'],
  ['/payments/pricing/amberflo/customer-pricing', 'assignPlan'],
  ['/ingest', 'ingestFirstUsage'],
]);
const STEPS = [...STEP_OF_PATH.values()];
/** Enqueue calls in flight at once while the runs are queued. */
const ENQUEUE_CONCURRENCY = 16;
/** How often the benchmark looks at the queue's counts. */
const POLL_MS = 100;

/**
 * @typedef {{
 *   runs: number; workers: number; concurrency: number; kill: number; takeOverAfterMs: number;
 *   redisUrl: string; phases?: readonly ('baseline' | 'fleet' | 'crash')[]; log?: (line: string) => void;
 *   enqueueWith?: 'client' | 'call';
 * }} BenchmarkOptions
 * @typedef {{ p50: number; p99: number; max: number }} Percentiles
 * @typedef {{ name: string; runs: number; runsPerSecond: number; latency: Percentiles; workerLatency?: Percentiles;
 *   wallMs: number; problems: string[]; enqueue?: { ms: number; runsPerSecond: number; with: 'client' | 'call' };
 *   memory?: { before: number; queued: number; finished: number; perQueuedRun: number; perFinishedRun: number };
 *   crash?: { killed: number; activeAtKill: number; takenOver: number; repeatedSteps: number; repeatedByStep: Record<string, number> } }} PhaseReport
 */

/**
 * Distinct inputs for `count` launch runs: customer, meter and event ids carry `tag` and the run's index.
 * @param {number} count
 * @param {string} tag
 * @param {string} apiKey
 */
export function launchInputs(count, tag, apiKey) {
  return Array.from({ length: count }, (_, index) => ({
    apiKey,
    meterApiName: `bench-${tag}-meter-${index}`,
    displayName: `Bench meter ${index}`,
    type: 'SUM_OF_ALL_USAGE',
    customerId: `bench-${tag}-customer-${index}`,
    customerName: `Bench customer ${index}`,
    customerEmail: `customer-${index}@example.com`,
    productId: 'starter-plan',
    meterValue: (index % 100) + 1,
    meterTimeInMillis: 1735689600000 + index * 1000,
  }));
}

/**
 * Runs the phases and returns their figures; a phase's `problems` lists every check that failed.
 * @param {BenchmarkOptions} options
 * @returns {Promise<{ machine: Record<string, unknown>; phases: PhaseReport[] }>}
 */
export async function runFleetBenchmark(options) {
  const phases = options.phases ?? ['baseline', 'fleet', 'crash'];
  const log = options.log ?? (() => {});
  const simulator = await startSimulator();
  const key = randomBytes(32);
  const folder = await mkdtemp(join(tmpdir(), 'loom-fleet-bench-'));
  const machine = describeMachine();
  /** @type {PhaseReport[]} */
  const reports = [];
  try {
    for (const phase of phases) {
      simulator.reset();
      log(`${phase}: ${options.runs} runs...`);
      const report =
        phase === 'baseline'
          ? await baselinePhase(options, simulator, folder)
          : await fleetPhase(options, simulator, key, phase === 'crash');
      reports.push(report);
      log(`${phase}: ${formatPhase(report)}`);
    }
  } finally {
    await simulator.close();
    await rm(folder, { recursive: true, force: true });
  }
  return { machine: { ...machine, loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))) }, phases: reports };
}

/**
 * @param {BenchmarkOptions} options
 * @param {Simulator} simulator
 * @param {string} folder
 * @returns {Promise<PhaseReport>}
 */
async function baselinePhase(options, simulator, folder) {
  const inputs = launchInputs(options.runs, 'baseline', simulator.apiKey);
  const inputsFile = join(folder, 'baseline-inputs.json');
  await writeFile(inputsFile, JSON.stringify(inputs));
  const concurrency = options.workers * options.concurrency;
  const output = await runProcess(process.execPath, [BASELINE_PROCESS, LAUNCH_DOCUMENT, inputsFile, simulator.url, String(concurrency)]);
  const result = JSON.parse(output);
  const problems = result.failed > 0 ? [`${result.failed} runs did not succeed, e.g. ${result.failures.join('; ')}`] : [];
  problems.push(...checkSimulator(simulator, inputs, { repeatsAllowed: false }).problems);
  return {
    name: `baseline: one process, run() x ${concurrency} at a time`,
    runs: options.runs,
    runsPerSecond: options.runs / (result.wallMs / 1000),
    latency: percentiles(result.latencies),
    wallMs: result.wallMs,
    problems,
  };
}

/**
 * @param {BenchmarkOptions} options
 * @param {Simulator} simulator
 * @param {Buffer} key
 * @param {boolean} crash
 * @returns {Promise<PhaseReport>}
 */
async function fleetPhase(options, simulator, key, crash) {
  const location = { redis: options.redisUrl, queueName: crash ? 'bench-crash' : 'bench-fleet' };
  const tag = crash ? 'crash' : 'fleet';
  const inputs = launchInputs(options.runs, tag, simulator.apiKey).map((run) => (crash ? { ...run, eventId: `${run.customerId}-first-usage` } : run));
  const loaded = await loadDocument(crash ? REPEATABLE_LAUNCH_DOCUMENT : LAUNCH_DOCUMENT);
  const servers = { meteringApi: simulator.url, billingApi: simulator.url };
  const redis = new Redis(options.redisUrl);
  const queue = new Queue(location.queueName, { connection: parseRedisUrl(options.redisUrl), prefix: 'loom' });
  /** @type {WorkerProcess[]} */
  const workers = [];
  /** @type {string[]} */
  const problems = [];
  try {
    const before = await usedMemory(redis);
    // Queued with Loom's own enqueue: the run is checked and its secret input (apiKey) sealed, as `loom enqueue` does;
    // through one queue client (one connection), or with `--enqueue-with call` one enqueue() call (its own connection) a run.
    const enqueueStarted = Date.now();
    if (options.enqueueWith === 'call') {
      await pool(inputs, ENQUEUE_CONCURRENCY, (runInputs) => enqueue(loaded, { ...location, inputs: runInputs, servers, key }));
    } else {
      const client = await createQueueClient(location);
      try {
        await pool(inputs, ENQUEUE_CONCURRENCY, (runInputs) => client.enqueue(loaded, { inputs: runInputs, servers, key }));
      } finally {
        await client.close();
      }
    }
    const enqueueMs = Date.now() - enqueueStarted;
    const queued = await usedMemory(redis);

    const started = Date.now();
    const env = { LOOM_QUEUE_KEY: key.toString('hex') };
    const args = ['--redis', options.redisUrl, '--queue', location.queueName, '--concurrency', String(options.concurrency), '--take-over-after', String(options.takeOverAfterMs)];
    workers.push(...(await Promise.all(Array.from({ length: options.workers }, () => startWorker(args, env)))));
    /** @type {PhaseReport['crash']} */
    let crashFigures;
    /** @type {Map<string, string> | undefined} customerId -> the step in flight (or next) when its worker was killed */
    let inFlightAtKill;
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      const finished = (counts['completed'] ?? 0) + (counts['failed'] ?? 0);
      if (finished >= options.runs) break;
      if (crash && inFlightAtKill === undefined && finished >= options.runs / 3) {
        const victims = workers.splice(0, options.kill);
        await Promise.all(victims.map((worker) => worker.kill('SIGKILL')));
        // Read right after the kill: a killed worker's runs keep the checkpoint it wrote last.
        inFlightAtKill = await stepsInFlight(queue, key);
        workers.push(...(await Promise.all(victims.map(() => startWorker(args, env)))));
        crashFigures = { killed: victims.length, activeAtKill: inFlightAtKill.size, takenOver: 0, repeatedSteps: 0, repeatedByStep: {} };
      }
      if (Date.now() - started > timeLimitMs(options)) {
        problems.push(`only ${finished} of ${options.runs} runs finished within ${timeLimitMs(options) / 1000} s`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const wallMs = Date.now() - started;
    const jobs = await queue.getJobs(['completed', 'failed'], 0, -1);
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    const finished = await usedMemory(redis);

    const notSucceeded = jobs.filter((job) => job.returnvalue?.status !== 'success');
    if (jobs.length !== options.runs) problems.push(`${jobs.length} runs finished, not ${options.runs}`);
    if (notSucceeded.length > 0) {
      problems.push(`${notSucceeded.length} runs did not succeed, e.g. ${notSucceeded.slice(0, 5).map((job) => `${job.data.inputs.customerId}: ${job.returnvalue?.error?.message ?? job.failedReason}`).join('; ')}`);
    }
    const simulatorCheck = checkSimulator(simulator, inputs, { repeatsAllowed: crash });
    problems.push(...simulatorCheck.problems);
    if (crash) {
      const takenOver = new Set(jobs.filter((job) => job.stalledCounter > 0).map((job) => job.data.inputs.customerId));
      problems.push(...checkRepeats(simulatorCheck.repeats, takenOver, inFlightAtKill ?? new Map()));
      if (takenOver.size === 0) problems.push('the kill hit no run in flight: nothing was taken over');
      crashFigures = {
        ...(crashFigures ?? { killed: 0, activeAtKill: 0 }),
        takenOver: takenOver.size,
        repeatedSteps: simulatorCheck.repeats.length,
        repeatedByStep: Object.fromEntries(STEPS.map((step) => [step, simulatorCheck.repeats.filter((repeat) => repeat.step === step).length])),
      };
    }
    const firstProcessed = Math.min(...jobs.map((job) => job.processedOn ?? Infinity));
    const lastFinished = Math.max(...jobs.map((job) => job.finishedOn ?? 0));
    return {
      name: crash
        ? `crash: ${options.workers} loom worker processes x ${options.concurrency}, ${options.kill} SIGKILLed and replaced`
        : `fleet: ${options.workers} loom worker processes x ${options.concurrency}`,
      runs: options.runs,
      runsPerSecond: jobs.length / ((lastFinished - firstProcessed) / 1000),
      // queued -> finished: all N were queued before the first worker started, so this includes the wait in the queue.
      latency: percentiles(jobs.map((job) => (job.finishedOn ?? 0) - job.timestamp)),
      // taken -> finished (a run taken over: from the take-over), comparable with the baseline's start -> end.
      workerLatency: percentiles(jobs.map((job) => (job.finishedOn ?? 0) - (job.processedOn ?? 0))),
      wallMs,
      problems,
      enqueue: { ms: enqueueMs, runsPerSecond: options.runs / (enqueueMs / 1000), with: options.enqueueWith ?? 'client' },
      memory: { before, queued, finished, perQueuedRun: (queued - before) / options.runs, perFinishedRun: (finished - before) / options.runs },
      ...(crashFigures ? { crash: crashFigures } : {}),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await queue.close();
    redis.disconnect();
  }
}

/**
 * @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator
 * @typedef {{ customerId: string; step: string; count: number }} Repeat
 */

/**
 * The simulator's own state and request log against the runs' inputs: exactly one meter, customer, plan
 * assignment and event per run, and each step's request once per customer (twice at most when repeats are allowed).
 * @param {Simulator} simulator
 * @param {ReturnType<typeof launchInputs>} inputs
 * @param {{ repeatsAllowed: boolean }} options
 * @returns {{ problems: string[]; repeats: Repeat[] }}
 */
export function checkSimulator(simulator, inputs, options) {
  const { state } = simulator;
  const problems = [];
  const expect = (/** @type {string} */ what, /** @type {number} */ actual) => {
    if (actual !== inputs.length) problems.push(`the simulator holds ${actual} ${what}, not ${inputs.length}`);
  };
  expect('meters', state.meters.size);
  expect('customers', state.customers.size);
  expect('plan assignments', state.assignments.length);
  expect('events', state.events.length);
  const missing = inputs.filter((run) => !state.customers.has(run.customerId) || !state.meters.has(run.meterApiName));
  if (missing.length > 0) problems.push(`${missing.length} runs' customers or meters are missing, e.g. ${missing[0]?.customerId}`);

  const requestCounts = countRequests(simulator, inputs);
  /** @type {Repeat[]} */
  const repeats = [];
  for (const run of inputs) {
    for (const step of STEPS) {
      const count = requestCounts.get(`${run.customerId} ${step}`) ?? 0;
      if (count === 0) problems.push(`${run.customerId}: step ${step} never reached the simulator`);
      else if (count > 1) repeats.push({ customerId: run.customerId, step, count });
    }
  }
  const strays = simulator.requests.length - [...requestCounts.values()].reduce((sum, count) => sum + count, 0);
  if (strays > 0) problems.push(`${strays} requests to the simulator belong to no run's step`);
  if (!options.repeatsAllowed && repeats.length > 0) problems.push(`${repeats.length} steps were sent more than once, e.g. ${repeats[0]?.customerId} ${repeats[0]?.step}`);
  return { problems, repeats };
}

/**
 * Requests per customer and step, from the simulator's request log: the customer is in the body, or
 * (creating the meter) known by the run's meter.
 * @param {Simulator} simulator
 * @param {ReturnType<typeof launchInputs>} inputs
 */
function countRequests(simulator, inputs) {
  const customerOfMeter = new Map(inputs.map((run) => [run.meterApiName, run.customerId]));
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const request of simulator.requests) {
    const step = STEP_OF_PATH.get(request.path);
    const body = /** @type {Record<string, unknown> | undefined} */ (request.body);
    if (request.method !== 'POST' || step === undefined || typeof body !== 'object' || body === null) continue;
    const customerId = typeof body['customerId'] === 'string' ? body['customerId'] : customerOfMeter.get(String(body['meterApiName']));
    if (customerId === undefined) continue;
    const key = `${customerId} ${step}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * DECISIONS D90: only the step in flight can be sent twice. A repeat must be a run taken over from a killed
 * worker, of the step its last checkpoint named next when the worker was killed, sent twice at most; so
 * there are never more repeats than runs taken over.
 * @param {Repeat[]} repeats
 * @param {Set<string>} takenOver
 * @param {Map<string, string>} inFlightAtKill
 */
export function checkRepeats(repeats, takenOver, inFlightAtKill) {
  const problems = [];
  for (const repeat of repeats) {
    const where = `${repeat.customerId}: step ${repeat.step} was sent ${repeat.count} times`;
    if (repeat.count > 2) problems.push(where);
    else if (!takenOver.has(repeat.customerId)) problems.push(`${where}, but its run was never taken over`);
    else if (inFlightAtKill.get(repeat.customerId) !== repeat.step) {
      problems.push(`${where}, but at the kill its checkpoint named ${inFlightAtKill.get(repeat.customerId) ?? 'no step'} next: a completed step was sent again`);
    }
  }
  if (repeats.length > takenOver.size) problems.push(`${repeats.length} steps were repeated, more than the ${takenOver.size} runs in flight on the killed workers`);
  return problems;
}

/**
 * The active runs and the step each one's checkpoint names next (the first step before any checkpoint).
 * @param {Queue} queue
 * @param {Buffer} key
 */
async function stepsInFlight(queue, key) {
  /** @type {Map<string, string>} */
  const inFlight = new Map();
  for (const job of await queue.getActive()) {
    const sealed = job.data.checkpoint;
    const checkpoint = sealed === undefined ? undefined : typeof sealed === 'string' ? openValue(sealed, key) : sealed;
    inFlight.set(job.data.inputs.customerId, checkpoint === undefined ? STEPS[0] : (checkpoint.next.stepId ?? 'none (finished)'));
  }
  return inFlight;
}

/**
 * @typedef {{ kill(signal: NodeJS.Signals): Promise<void>; stop(): Promise<void> }} WorkerProcess
 */

/**
 * `loom worker` of the built bundle, as users run it; resolves once it says it works on the queue.
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @returns {Promise<WorkerProcess>}
 */
async function startWorker(args, env) {
  // LOOM_BENCH_WORKER_NODE_ARGS: Node flags for the workers only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env['LOOM_BENCH_WORKER_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, LOOM_BUNDLE, 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      if (stderr.includes('working on queue')) resolve(undefined);
    });
    child.once('exit', (code, signal) => reject(new Error(`loom worker exited with ${signal ?? code} before it was ready:\n${stderr}`)));
  });
  const end = async (/** @type {NodeJS.Signals} */ signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { kill: end, stop: () => end('SIGTERM') };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<string>} its stdout
 */
function runProcess(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args[0]} exited with ${code}:\n${stderr}`))));
  });
}

/**
 * @template T
 * @param {readonly T[]} items
 * @param {number} size
 * @param {(item: T) => Promise<unknown>} work
 */
async function pool(items, size, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(/** @type {T} */ (items[next++]));
  };
  await Promise.all(Array.from({ length: size }, lane));
}

/** @param {Redis} redis */
async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** @param {string} url */
function parseRedisUrl(url) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}

/** A phase that has not finished in this time is reported as a failure rather than waited for forever. */
function timeLimitMs(/** @type {BenchmarkOptions} */ options) {
  return Math.max(120_000, options.runs * 100) + options.takeOverAfterMs * 4;
}

/** @param {number[]} values */
function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ share) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

function describeMachine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverageBefore: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

/** @param {PhaseReport} report */
export function formatPhase(report) {
  const ms = (/** @type {number} */ value) => `${Math.round(value)} ms`;
  const lines = [
    `${report.runs} runs in ${(report.wallMs / 1000).toFixed(1)} s: ${report.runsPerSecond.toFixed(0)} runs/s; latency p50 ${ms(report.latency.p50)}, p99 ${ms(report.latency.p99)}`,
  ];
  if (report.workerLatency) lines.push(`  on a worker (taken -> finished): p50 ${ms(report.workerLatency.p50)}, p99 ${ms(report.workerLatency.p99)}`);
  if (report.enqueue) lines.push(`  enqueue: ${ms(report.enqueue.ms)} (${report.enqueue.runsPerSecond.toFixed(0)} runs/s, ${ENQUEUE_CONCURRENCY} at a time, ${report.enqueue.with === 'call' ? 'one enqueue() call a run' : 'one queue client'})`);
  if (report.memory) {
    const { memory } = report;
    lines.push(`  Redis used_memory: ${memory.before} B before, ${memory.queued} B queued, ${memory.finished} B finished: ${Math.round(memory.perQueuedRun)} B per queued run, ${Math.round(memory.perFinishedRun)} B per finished run`);
  }
  if (report.crash) {
    const { crash } = report;
    const byStep = Object.entries(crash.repeatedByStep).map(([step, count]) => `${step} ${count}`).join(', ');
    lines.push(`  ${crash.killed} workers SIGKILLed with ${crash.activeAtKill} runs active in the fleet; ${crash.takenOver} runs taken over; ${crash.repeatedSteps} in-flight steps sent again (${byStep})`);
  }
  lines.push(report.problems.length === 0 ? '  checks: all passed' : `  FAILED:\n${report.problems.map((problem) => `    - ${problem}`).join('\n')}`);
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: process.env['LOOM_BENCH_RUNS'] ?? '10000' },
      workers: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '16' },
      kill: { type: 'string', default: '2' },
      'take-over-after': { type: 'string', default: '5000' },
      phases: { type: 'string', default: 'baseline,fleet,crash' },
      redis: { type: 'string' },
      'enqueue-with': { type: 'string', default: 'client' },
      json: { type: 'boolean', default: false },
    },
  });
  const number = (/** @type {string} */ name, /** @type {string} */ text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0, got ${text}`);
    return value;
  };
  const phases = /** @type {('baseline' | 'fleet' | 'crash')[]} */ (values.phases.split(','));
  const unknown = phases.filter((phase) => !['baseline', 'fleet', 'crash'].includes(phase));
  if (unknown.length > 0) throw new Error(`--phases names baseline, fleet and crash; got ${unknown.join(', ')}`);
  if (number('kill', values.kill) > number('workers', values.workers)) throw new Error('--kill cannot be more than --workers');
  const enqueueWith = values['enqueue-with'];
  if (enqueueWith !== 'client' && enqueueWith !== 'call') throw new Error(`--enqueue-with is client or call, got ${enqueueWith}`);
  const redis = values.redis ? undefined : await startRedisServer();
  try {
    const report = await runFleetBenchmark({
      runs: number('runs', values.runs),
      workers: number('workers', values.workers),
      concurrency: number('concurrency', values.concurrency),
      kill: number('kill', values.kill),
      takeOverAfterMs: number('take-over-after', values['take-over-after']),
      redisUrl: values.redis ?? /** @type {{ url: string }} */ (redis).url,
      phases,
      enqueueWith,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const baseline = report.phases.find((phase) => phase.name.startsWith('baseline'));
    const fleet = report.phases.find((phase) => phase.name.startsWith('fleet'));
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const { machine } = report;
      process.stdout.write(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${String(machine.loadAverageBefore)} before, ${String(machine.loadAverageAfter)} after\n`);
      for (const phase of report.phases) process.stdout.write(`${phase.name}\n  ${formatPhase(phase)}\n`);
      if (baseline && fleet) process.stdout.write(`fleet / baseline: ${(fleet.runsPerSecond / baseline.runsPerSecond).toFixed(2)} x the runs per second\n`);
      const kept = DEFAULT_RETENTION;
      process.stdout.write(`finished runs kept (createWorker retention): completed ${kept.completed.ageSeconds / 3600} h, at most ${kept.completed.count}; failed ${kept.failed.ageSeconds / 3600} h, at most ${kept.failed.count}\n`);
    }
    if (report.phases.some((phase) => phase.problems.length > 0)) process.exitCode = 1;
  } finally {
    await redis?.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`fleet benchmark: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
