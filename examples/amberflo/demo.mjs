#!/usr/bin/env node
// `pnpm demo`: the Amberflo launch workflow, end to end, offline. Starts the local
// Amberflo simulator on 127.0.0.1 (ephemeral port), runs the reference workflow with
// `loom run` against it, asks the simulator for the usage back to show that the
// event landed, and stops the simulator. Exit code: loom's (0 success, 1 failure, 2 invalid).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator/index.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const loomBin = here('../../packages/cli/dist/bundle/loom.mjs');
const workflow = here('./arazzo/launch-usage-based-product.arazzo.yaml');
const inputsFile = here('./inputs.json');

const simulator = await startSimulator({ recordRequests: false });
let exitCode = 1;
try {
  process.stdout.write(`Amberflo simulator listening on ${simulator.url}\n\n`);
  process.stdout.write(`$ loom run ${relative(workflow)} --inputs ${relative(inputsFile)} \\\n`);
  process.stdout.write(`    --server meteringApi=${simulator.url} --server billingApi=${simulator.url}\n\n`);
  exitCode = await runLoom([
    'run', workflow,
    '--inputs', inputsFile,
    '--server', `meteringApi=${simulator.url}`,
    '--server', `billingApi=${simulator.url}`,
  ]);
  if (exitCode === 0) await showUsage(simulator, JSON.parse(await readFile(inputsFile, 'utf8')));
} finally {
  await simulator.close();
}
process.exitCode = exitCode;

function runLoom(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [loomBin, ...args], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The proof: the simulator's queryUsage answers with the value the workflow ingested. */
async function showUsage(sim, inputs) {
  const eventSeconds = Math.floor(inputs.meterTimeInMillis / 1000);
  const response = await fetch(`${sim.url}/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sim.apiKey },
    body: JSON.stringify({
      meterApiName: inputs.meterApiName,
      startTimeInSeconds: eventSeconds - 86_400,
      endTimeInSeconds: eventSeconds + 86_400,
      aggregation: 'SUM',
      timeGroupingInterval: 'DAY',
      groupBy: ['customerId'],
    }),
  });
  const report = await response.json();
  const groups = report.clientMeters?.[inputs.meterApiName] ?? [];
  const total = groups.reduce((sum, group) => sum + (group.groupValue ?? 0), 0);
  process.stdout.write(`\nqueryUsage ${inputs.meterApiName}: ${total} for ${groups.map((g) => g.groupInfo?.customerId ?? JSON.stringify(g.groupInfo)).join(', ')}\n`);
  if (total !== inputs.meterValue) {
    process.stdout.write(`expected ${inputs.meterValue}: the usage did not land\n`);
    exitCode = 1;
  }
}

function relative(path) {
  return path.startsWith(process.cwd()) ? path.slice(process.cwd().length + 1) : path;
}
