// Engine overhead: the same two-request workflow (JSON POST built from inputs,
// then a GET with a path parameter from the first response; success criteria on
// status and a body field; outputs) sent N times at 32 concurrent runs,
// - by the engine: `loadDocument` once, then `run()` per workflow run (packages/engine/dist), and
// - by plain undici: `request()` over a keep-alive Agent, with the same checks written by hand,
// against one node:http server on 127.0.0.1 in its own process. Rounds alternate
// (undici, engine, undici, ...) and the medians are compared.
// Target (issue 5): the engine keeps >= 90% of plain undici's requests per second.
// Run after building: `node packages/engine/bench/engine-overhead.mjs [runsPerRound] [rounds]`.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { loadDocument, run } from '../dist/index.js';
// The runs use the default client (run() without httpClient); it is closed here so the process can end.
import { closeDefaultHttpClient } from '../dist/http/send.js';
import { startPetServer } from './support/server-process.mjs';

const CONCURRENCY = 32;
const RUNS_PER_ROUND = Number(process.argv[2] ?? 1500);
const ROUNDS = Number(process.argv[3] ?? 5);
const REQUESTS_PER_RUN = 2;
const INPUTS = { name: 'Rex', tag: 'dog' };
const TARGET = 0.9;

const server = await startPetServer();
const fixture = fileURLToPath(new URL('./fixtures/pets.arazzo.yaml', import.meta.url));
const loaded = await loadDocument(fixture);
if (!loaded.model) {
  throw new Error(`benchmark fixture is invalid: ${loaded.diagnostics.map((diagnostic) => diagnostic.message).join('; ')}`);
}

/** The engine: one workflow run. */
async function engineRun() {
  const result = await run(loaded, { inputs: INPUTS, servers: { pets: server.url } });
  if (result.status !== 'success' || result.outputs.name !== INPUTS.name) {
    throw new Error(`engine run failed: ${result.error?.message ?? JSON.stringify(result.outputs)}`);
  }
}

/** Plain undici: the same two requests and checks, by hand. */
const agent = new Agent();
async function undiciRun() {
  const created = await request(`${server.url}/pets`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(INPUTS),
  });
  const pet = await created.body.json();
  if (created.statusCode !== 201 || pet.status !== 'available') throw new Error(`createPet failed: ${created.statusCode}`);
  const fetched = await request(`${server.url}/pets/${encodeURIComponent(String(pet.id))}`, { dispatcher: agent, method: 'GET' });
  const body = await fetched.body.json();
  if (fetched.statusCode !== 200 || body.name !== INPUTS.name) throw new Error(`getPet failed: ${fetched.statusCode}`);
  return { petId: pet.id, name: body.name, status: body.status };
}

/**
 * `runs` workflow runs, at most CONCURRENCY at a time: requests per second (wall
 * time) and this process's CPU time per request. The machine is shared, so the
 * CPU figure, which other processes barely disturb, backs up the wall-time one.
 */
async function measure(runOnce, runs) {
  let started = 0;
  const worker = async () => {
    while (started < runs) {
      started++;
      await runOnce();
    }
  };
  const begin = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, runs) }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const requests = runs * REQUESTS_PER_RUN;
  return { rps: requests / ((performance.now() - begin) / 1000), cpuMicros: (cpu.user + cpu.system) / requests };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const format = (value) => Math.round(value).toLocaleString('en-US');

console.log(`engine overhead: ${RUNS_PER_ROUND} workflow runs x ${REQUESTS_PER_RUN} requests per round, ${CONCURRENCY} concurrent, ${ROUNDS} rounds each`);
console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
const before = await server.counts();
// Warm-up: JIT, connection pools.
await measure(undiciRun, Math.min(500, RUNS_PER_ROUND));
await measure(engineRun, Math.min(500, RUNS_PER_ROUND));
const results = { undici: [], engine: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.undici.push(await measure(undiciRun, RUNS_PER_ROUND));
  results.engine.push(await measure(engineRun, RUNS_PER_ROUND));
}
const after = await server.counts();
const expected = 2 * (Math.min(500, RUNS_PER_ROUND) + ROUNDS * RUNS_PER_ROUND);
const posts = after['POST /pets'] - before['POST /pets'];
const gets = after['GET /pets/{id}'] - before['GET /pets/{id}'];
await agent.close();
await closeDefaultHttpClient();
await server.close();
if (posts !== expected || gets !== expected || after.other !== before.other) {
  throw new Error(`the server saw ${posts} POST /pets and ${gets} GET /pets/{id} (${after.other - before.other} other); expected ${expected} each`);
}

// Rounds alternate, so each engine round is paired with the undici round before it;
// the median of the paired ratios is less sensitive to load that drifts during the run.
const pairedRatios = results.engine.map((engine, index) => engine.rps / results.undici[index].rps);
const undiciRps = median(results.undici.map((result) => result.rps));
const engineRps = median(results.engine.map((result) => result.rps));
const ratio = median(pairedRatios);
const undiciCpu = median(results.undici.map((result) => result.cpuMicros));
const engineCpu = median(results.engine.map((result) => result.cpuMicros));
console.log(`  plain undici (baseline): ${format(undiciRps)} requests/s, ${undiciCpu.toFixed(0)} µs client CPU per request (rounds: ${results.undici.map((result) => format(result.rps)).join(', ')})`);
console.log(`  engine run():            ${format(engineRps)} requests/s, ${engineCpu.toFixed(0)} µs client CPU per request (rounds: ${results.engine.map((result) => format(result.rps)).join(', ')})`);
console.log(`  engine / undici requests per second: ${(ratio * 100).toFixed(1)}% (median of paired rounds; target >= ${TARGET * 100}%) ${ratio >= TARGET ? 'OK' : 'BELOW TARGET'}`);
console.log(`  client CPU per request, engine / undici: ${(engineCpu / undiciCpu).toFixed(2)}x`);
