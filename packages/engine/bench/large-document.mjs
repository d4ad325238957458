// Large documents (issue 11): the generated 10,000-step document (ten workflows of 1,000 steps
// with parameters, success criteria and outputs, and the OpenAPI description it uses;
// bench/support/large-document.mjs) checked, as whole processes on the same file, by
//   - `loom validate` and `loom lint` (the bundled CLI, packages/cli/dist/bundle/loom.mjs), and
//   - `redocly lint` (@redocly/cli, pinned to 2.77.0 in the root package.json: the baseline).
// The commands alternate, ROUNDS times each, in one run. Each process's wall time, CPU time
// (user + system: on a shared machine the figure other processes disturb least) and peak
// memory (max RSS) are recorded; medians and ratios to Redocly's are reported.
// Target: Loom validates, and lints, in less time than Redocly lints (ratio < 1).
// Run after building (`pnpm build`): `node packages/engine/bench/large-document.mjs [rounds] [workflows] [steps]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeDocument } from './support/large-document.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const WORKFLOWS = Number(process.argv[3] ?? 10);
const STEPS = Number(process.argv[4] ?? 1000);
const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const loom = path('../../cli/dist/bundle/loom.mjs');
const redocly = createRequire(path('../../../package.json')).resolve('@redocly/cli/bin/cli.js');
const usageReporter = path('./support/report-usage.cjs');

const folder = mkdtempSync(join(os.tmpdir(), 'loom-large-'));
const document = writeLargeDocument(folder, { workflows: WORKFLOWS, steps: STEPS });
const usageFile = join(folder, 'usage.json');
const size = statSync(document).size;

const commands = [
  { name: 'redocly lint (baseline)', args: [redocly, 'lint', document], baseline: true },
  { name: 'loom validate', args: [loom, 'validate', document] },
  { name: 'loom lint', args: [loom, 'lint', document] },
];

/** Runs one process to its exit: wall ms, CPU ms and max RSS (MB). Fails on a non-zero exit. */
function measureProcess(command) {
  return new Promise((resolve, reject) => {
    rmSync(usageFile, { force: true });
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', usageReporter, ...command.args], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Redocly: no telemetry or update check over the network while it is being timed.
      env: { ...process.env, LOOM_BENCH_USAGE_FILE: usageFile, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command.name} exited with ${code}:\n${output.trim().split('\n').slice(-5).join('\n')}`));
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

const samples = new Map(commands.map((command) => [command, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no command always runs first (or right after another's GC and page cache).
    for (let index = 0; index < commands.length; index++) {
      const command = commands[(index + round) % commands.length];
      samples.get(command).push(await measureProcess(command));
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const cpu = os.cpus();
console.log(`Large document: ${WORKFLOWS} workflows x ${STEPS} steps, ${(size / 1e6).toFixed(1)} MB of YAML; ${ROUNDS} rounds`);
console.log(`machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const baseline = samples.get(commands.find((command) => command.baseline));
const base = { wall: median(baseline.map((sample) => sample.wall)), cpu: median(baseline.map((sample) => sample.cpu)) };
const rows = commands.map((command) => {
  const list = samples.get(command);
  const wall = median(list.map((sample) => sample.wall));
  const cpuTime = median(list.map((sample) => sample.cpu));
  const rss = Math.max(...list.map((sample) => sample.rss));
  return {
    command: command.name,
    'wall ms (median)': Math.round(wall),
    'CPU ms (median)': Math.round(cpuTime),
    'max RSS MB': Math.round(rss),
    'wall / redocly': (wall / base.wall).toFixed(2),
    'CPU / redocly': (cpuTime / base.cpu).toFixed(2),
  };
});
console.table(rows);
for (const row of rows.slice(1)) {
  const faster = Number(row['wall / redocly']) < 1;
  console.log(`${row.command}: ${faster ? 'faster than' : 'SLOWER than'} redocly lint (wall ratio ${row['wall / redocly']}, CPU ratio ${row['CPU / redocly']})`);
}
