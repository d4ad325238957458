#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';

// Node does not exit until V8's background optimizing compiles are done, and after a few
// hundred responses V8 starts optimizing undici's WebAssembly HTTP parser: on a loaded
// machine that kept a finished (or Ctrl-C'd) `loom` process alive for one to two seconds.
// Baseline WebAssembly code is plenty for a command line; undici compiles its parser on the
// first request, after this line. (Issue 10: Ctrl-C stops a run within a second.)
setFlagsFromString('--liftoff-only');

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
