// Evaluations per second of the typical condition on a cached AST, on one core.
// Run after building: `pnpm tsc -b packages/expressions && node packages/expressions/bench/throughput.mjs`.
import os from 'node:os';
import { evaluateCondition, parseCondition } from '../dist/index.js';

const TYPICAL = "$statusCode == 200 && $response.body#/status == 'active'";
const context = { statusCode: 200, response: { headers: {}, body: { status: 'active', count: 3 } } };
const failing = { statusCode: 200, response: { headers: {}, body: { status: 'inactive', count: 3 } } };
const condition = parseCondition(TYPICAL);

function measure(label, fn, iterations) {
  for (let i = 0; i < 200_000; i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label}: ${Math.round(iterations / seconds).toLocaleString('en-US')} per second`);
}

console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
let sink = 0;
measure('evaluate (passes)', () => { if (evaluateCondition(condition, context)) sink++; }, 5_000_000);
measure('evaluate (fails)', () => { if (evaluateCondition(condition, failing)) sink++; }, 5_000_000);
measure('parse', () => { if (parseCondition(TYPICAL)) sink++; }, 500_000);
if (sink === 0) console.log('');
