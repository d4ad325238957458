// The baseline of the fleet benchmark: the same runs in one process through the engine API, `run()`
// with a pool of `concurrency` runs at a time, the document loaded and compiled once. Started by
// fleet.mjs in a process of its own, as each worker is, so that the simulator (in the benchmark's
// process) serves both phases alike. Prints one JSON line: each run's start -> end in ms, the wall time.
//   node baseline-process.mjs <document> <inputs.json> <simulator-url> <concurrency>
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadDocument, run } from '../../engine/dist/index.js';

const [document, inputsFile, simulatorUrl, concurrencyText] = process.argv.slice(2);
const allInputs = JSON.parse(await readFile(/** @type {string} */ (inputsFile), 'utf8'));
const loaded = await loadDocument(/** @type {string} */ (document));
const servers = { meteringApi: simulatorUrl, billingApi: simulatorUrl };
/** @type {number[]} */
const latencies = new Array(allInputs.length);
/** @type {string[]} */
const failures = [];
let next = 0;
const started = performance.now();
async function lane() {
  while (next < allInputs.length) {
    const index = next++;
    const runStarted = performance.now();
    const result = await run(loaded, { inputs: allInputs[index], servers, maskSecrets: true });
    latencies[index] = performance.now() - runStarted;
    if (result.status !== 'success') failures.push(`${allInputs[index].customerId}: ${result.status} ${result.error?.message ?? ''}`);
  }
}
await Promise.all(Array.from({ length: Number(concurrencyText) }, lane));
const wallMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ latencies, wallMs, failures: failures.slice(0, 20), failed: failures.length })}\n`);
// The engine's default HTTP client keeps sockets open; the numbers are out, so end here.
process.exit(0);
