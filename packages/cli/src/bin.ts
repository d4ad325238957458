#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';
import { endOutputQuietlyWhenClosed, exitOnUncaughtErrors, formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './process-guards.js';

endOutputQuietlyWhenClosed(process.stdout);
endOutputQuietlyWhenClosed(process.stderr);
exitOnUncaughtErrors(process.stderr, process.env);

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
    process.stderr.write(formatInternalError(error, isDebug(process.env)));
    process.exitCode = INTERNAL_ERROR_EXIT_CODE;
  },
);
