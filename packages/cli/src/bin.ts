#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in Loom itself: say so in one line; the stack only with LOOM_DEBUG.
    process.stderr.write(`loom: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.LOOM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  },
);
