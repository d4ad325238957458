#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './internal-error.js';
import { main } from './main.js';
import { endOutputQuietlyWhenClosed, exitOnUncaughtErrors, processContext } from './process-context.js';

endOutputQuietlyWhenClosed(process.stdout);
endOutputQuietlyWhenClosed(process.stderr);
exitOnUncaughtErrors(process.stderr, process.env);

// Node does not exit until V8's background optimizing compiles are done, and after a few
// hundred responses V8 starts optimizing undici's WebAssembly HTTP parser: on a loaded
// machine that kept a finished (or Ctrl-C'd) `loom` process alive for one to two seconds.
// Baseline WebAssembly code is plenty for a command line; undici compiles its parser on the
// first request, after this line. (Issue 10: Ctrl-C stops a run within a second.)
setFlagsFromString('--liftoff-only');

main(process.argv.slice(2), processContext()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // `main` reports its own internal errors; this is for one raised while reporting (stderr gone).
    process.stderr.write(formatInternalError(error, isDebug(process.env)));
    process.exitCode = INTERNAL_ERROR_EXIT_CODE;
  },
);
