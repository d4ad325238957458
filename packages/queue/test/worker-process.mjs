// A worker in a process of its own, for tests that kill it or need a second process:
//   node worker-process.mjs <redis-url> <prefix> <takeOverAfterMs> [<rate limits as JSON>] [<concurrency>]
// Runs the built package (the tests' global setup builds it).
import { createWorker } from '../dist/index.js';

const [redis, prefix, takeOverAfterMs, rateLimits, concurrency] = process.argv.slice(2);
await createWorker({
  redis,
  prefix,
  concurrency: concurrency ? Number(concurrency) : 1,
  takeOverAfterMs: Number(takeOverAfterMs),
  ...(rateLimits ? { rateLimits: JSON.parse(rateLimits) } : {}),
});
process.stdout.write('ready\n');
