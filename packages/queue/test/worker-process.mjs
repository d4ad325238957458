// A worker in a process of its own, for tests that kill it: node worker-process.mjs <redis-url> <prefix> <takeOverAfterMs>
// Runs the built package (the tests' global setup builds it).
import { createWorker } from '../dist/index.js';

const [redis, prefix, takeOverAfterMs] = process.argv.slice(2);
await createWorker({ redis, prefix, concurrency: 1, takeOverAfterMs: Number(takeOverAfterMs) });
process.stdout.write('ready\n');
