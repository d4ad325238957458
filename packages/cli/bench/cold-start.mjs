// Cold start: whole processes, from spawn to exit. The benchmark workflow (POST /pets with a
// JSON body from inputs, then GET /pets/{id} from the first response;
// packages/engine/bench/fixtures/pets.arazzo.yaml) run by
//   - `loom run --json` (the bundled CLI the `loom` bin runs: packages/cli/dist/bundle/loom.mjs),
//   - the same, unbundled (packages/cli/dist/bin.js: the tsc output, one file per module),
//   - a script that embeds the engine (loadDocument + run from packages/engine/dist),
// and `loom validate` of the same document (no requests), against two baselines that send the
// same two requests by hand: a plain Node script with the global `fetch` (no import at all; the
// baseline of issue 12's target) and one that imports undici's `request` (issue 5's baseline).
// Also `node -e 0`, what any node process costs here.
// Each round runs every command once, in a rotated order; a command's ratio to a baseline is the
// median of its per-round ratios (paired: both measured in the same round, under the same load).
// Wall time is spawn to exit; CPU time (user + system) and max RSS are read by a preload
// (packages/engine/bench/support/report-usage.cjs) that every command gets alike.
// Target (issue 12): `loom run --json` within 1.3x the plain fetch script.
// Run after building (`pnpm build`: tsc -b, then the bundle): `node packages/cli/bench/cold-start.mjs [rounds]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPetServer } from '../../engine/bench/support/server-process.mjs';

const ROUNDS = Number(process.argv[2] ?? 20);
const TARGET = 1.3;
const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const bin = path('../dist/bundle/loom.mjs');
const unbundledBin = path('../dist/bin.js');
const fixture = path('../../engine/bench/fixtures/pets.arazzo.yaml');
const usageReporter = path('../../engine/bench/support/report-usage.cjs');
const folder = mkdtempSync(join(os.tmpdir(), 'loom-cold-start-'));
const usageFile = join(folder, 'usage.json');

const server = await startPetServer();
const runArgs = ['run', fixture, '--json', '--server', `pets=${server.url}`, '--input', 'name=Rex', '--input', 'tag=dog'];
const commands = [
  { name: 'node -e 0 (any node process)', args: ['-e', '0'], requests: 0 },
  { name: 'plain fetch script (baseline)', args: [path('./processes/plain-fetch.mjs'), server.url, 'Rex', 'dog'], requests: 2, baseline: 'fetch' },
  { name: 'plain undici script (baseline 2)', args: [path('./processes/plain-undici.mjs'), server.url, 'Rex', 'dog'], requests: 2, baseline: 'undici' },
  { name: 'loom run --json', args: [bin, ...runArgs], requests: 2, target: true },
  { name: 'loom run --json, unbundled (dist/bin.js)', args: [unbundledBin, ...runArgs], requests: 2 },
  { name: 'engine script (loadDocument + run)', args: [path('./processes/engine-script.mjs'), fixture, server.url, 'Rex', 'dog'], requests: 2 },
  { name: 'loom validate', args: [bin, 'validate', fixture], requests: 0 },
];

/** Runs one process to its exit: wall ms, CPU ms, max RSS (MiB). Fails on a non-zero exit or a run that did not succeed. */
function measureProcess(command) {
  return new Promise((resolve, reject) => {
    rmSync(usageFile, { force: true });
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', usageReporter, ...command.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOOM_BENCH_USAGE_FILE: usageFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${command.name} exited with ${code}: ${(stderr || stdout).trim().split('\n')[0]}`));
      if (command.requests > 0 && JSON.parse(stdout).status !== 'success') return reject(new Error(`${command.name} did not succeed: ${stdout}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      resolve({ wall, cpu: (usage.userCPUTime + usage.systemCPUTime) / 1000, rss: usage.maxRSS / 1024 });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const cpus = os.cpus();
console.log(`cold start: ${commands.length} commands, ${ROUNDS} rounds each in rotated order (whole processes, spawn to exit)`);
console.log(`machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
const samples = new Map(commands.map((command) => [command, []]));
try {
  const before = await server.counts();
  for (const command of commands) await measureProcess(command); // warm the file system cache
  for (let round = 0; round < ROUNDS; round++) {
    for (let index = 0; index < commands.length; index++) {
      const command = commands[(index + round) % commands.length];
      samples.get(command).push(await measureProcess(command));
    }
  }
  const after = await server.counts();
  const expectedRequests = (ROUNDS + 1) * commands.reduce((sum, command) => sum + command.requests, 0);
  if (after.total - before.total !== expectedRequests || after.other !== before.other) {
    throw new Error(`the server saw ${after.total - before.total} requests (${after.other - before.other} unexpected); expected ${expectedRequests}`);
  }
} finally {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
}

/** The median over rounds of `command`'s wall time divided by the baseline's in the same round. */
function pairedRatio(command, baselineName) {
  const base = samples.get(commands.find((candidate) => candidate.baseline === baselineName));
  return median(samples.get(command).map((sample, round) => sample.wall / base[round].wall));
}

const rows = commands.map((command) => {
  const list = samples.get(command);
  return {
    command: command.name,
    'wall ms (median)': Math.round(median(list.map((sample) => sample.wall))),
    'CPU ms (median)': Math.round(median(list.map((sample) => sample.cpu))),
    'max RSS MiB (median)': Math.round(median(list.map((sample) => sample.rss))),
    'x fetch': pairedRatio(command, 'fetch').toFixed(2),
    'x undici': pairedRatio(command, 'undici').toFixed(2),
  };
});
console.table(rows);
const target = commands.find((command) => command.target);
const ratio = pairedRatio(target, 'fetch');
console.log(`${target.name}: ${ratio.toFixed(2)}x the plain fetch script (target <= ${TARGET}x: ${ratio <= TARGET ? 'OK' : 'ABOVE TARGET'})`);
