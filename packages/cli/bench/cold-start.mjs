// Cold start: whole processes, wall time, from spawn to exit. The benchmark
// workflow (POST /pets with a JSON body from inputs, then GET /pets/{id} from
// the first response; packages/engine/bench/fixtures/pets.arazzo.yaml) run by
//   - `loom run --json` (the bundled CLI the `loom` bin runs: packages/cli/dist/bundle/loom.mjs),
//   - the same, unbundled (packages/cli/dist/bin.js: the tsc output, one file per module),
//   - a script that embeds the engine (loadDocument + run from packages/engine/dist),
// and `loom validate` of the same document (no requests), against the baseline:
// a plain node script sending the same two requests with undici. Also `node -e 0`,
// what any node process costs here. The commands alternate, ROUNDS times each, in
// one run; medians and ratios to the baseline are reported.
// Target (issue 5): `loom run` within 1.3x the plain script's median.
// Run after building (`pnpm build`: tsc -b, then the bundle): `node packages/cli/bench/cold-start.mjs [rounds]`.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startPetServer } from '../../engine/bench/support/server-process.mjs';

const ROUNDS = Number(process.argv[2] ?? 20);
const TARGET = 1.3;
const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const bin = path('../dist/bundle/loom.mjs');
const unbundledBin = path('../dist/bin.js');
const fixture = path('../../engine/bench/fixtures/pets.arazzo.yaml');

const server = await startPetServer();
const commands = [
  { name: 'node -e 0 (any node process)', args: ['-e', '0'], requests: 0 },
  { name: 'plain undici script (baseline)', args: [path('./processes/plain-undici.mjs'), server.url, 'Rex', 'dog'], requests: 2, baseline: true },
  { name: 'loom run --json', args: [bin, 'run', fixture, '--json', '--server', `pets=${server.url}`, '--input', 'name=Rex', '--input', 'tag=dog'], requests: 2, target: true },
  { name: 'loom run --json, unbundled (dist/bin.js)', args: [unbundledBin, 'run', fixture, '--json', '--server', `pets=${server.url}`, '--input', 'name=Rex', '--input', 'tag=dog'], requests: 2 },
  { name: 'engine script (loadDocument + run)', args: [path('./processes/engine-script.mjs'), fixture, server.url, 'Rex', 'dog'], requests: 2 },
  { name: 'loom validate', args: [bin, 'validate', fixture], requests: 0 },
];

/** Runs one process to its exit; wall milliseconds. Fails on a non-zero exit or a run that did not succeed. */
function timeProcess(command) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, command.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${command.name} exited with ${code}: ${(stderr || stdout).trim().split('\n')[0]}`));
      if (command.requests > 0 && JSON.parse(stdout).status !== 'success') return reject(new Error(`${command.name} did not succeed: ${stdout}`));
      resolve(ms);
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

console.log(`cold start: ${commands.length} commands alternating, ${ROUNDS} rounds each (wall time, spawn to exit)`);
console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
const before = await server.counts();
for (const command of commands) await timeProcess(command); // warm the file system cache
const times = new Map(commands.map((command) => [command, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const command of commands) times.get(command).push(await timeProcess(command));
}
const after = await server.counts();
await server.close();
const expectedRequests = (ROUNDS + 1) * commands.reduce((sum, command) => sum + command.requests, 0);
if (after.total - before.total !== expectedRequests || after.other !== before.other) {
  throw new Error(`the server saw ${after.total - before.total} requests (${after.other - before.other} unexpected); expected ${expectedRequests}`);
}

const baseline = median(times.get(commands.find((command) => command.baseline)));
for (const command of commands) {
  const value = median(times.get(command));
  const verdict = command.target ? ` (target <= ${TARGET}x: ${value / baseline <= TARGET ? 'OK' : 'ABOVE TARGET'})` : '';
  console.log(`  ${command.name.padEnd(40)} median ${value.toFixed(0).padStart(5)} ms  ${(value / baseline).toFixed(2)}x baseline${verdict}`);
}
