#!/usr/bin/env node
// `pnpm demo:async`: the async-orders workflow, end to end, offline, with nothing but Node.
// Starts an MQTT broker (aedes) and the order service on 127.0.0.1 (ephemeral ports), runs
// the Arazzo 1.1 workflow with `loom run` against them (HTTP and MQTT), and stops both.
// Exit code: loom's (0 success, 1 failure, 2 invalid).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBroker, startOrderService } from './service/index.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const loomBin = here('../../packages/cli/dist/bundle/loom.mjs');
const workflow = here('./arazzo/place-and-confirm-order.arazzo.yaml');

const broker = await startBroker();
const service = await startOrderService({ brokerUrl: broker.url });
let exitCode = 1;
try {
  process.stdout.write(`MQTT broker (aedes) on ${broker.url}; order service on ${service.url}\n\n`);
  process.stdout.write(`$ loom run ${relative(workflow)} --input item=tea --input quantity=3 \\\n`);
  process.stdout.write(`    --server ordersApi=${service.url} --server orderEvents=${broker.url}\n\n`);
  exitCode = await runLoom(['run', workflow, '--input', 'item=tea', '--input', 'quantity=3', '--server', `ordersApi=${service.url}`, '--server', `orderEvents=${broker.url}`]);
} finally {
  await service.close();
  await broker.close();
}
process.exitCode = exitCode;

function runLoom(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [loomBin, ...args], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function relative(path) {
  return path.startsWith(process.cwd()) ? path.slice(process.cwd().length + 1) : path;
}
