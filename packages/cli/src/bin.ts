#!/usr/bin/env node
import { main } from './main.js';
import { endOutputQuietlyWhenClosed, exitOnUncaughtErrors, formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './process-guards.js';

endOutputQuietlyWhenClosed(process.stdout);
endOutputQuietlyWhenClosed(process.stderr);
exitOnUncaughtErrors(process.stderr, process.env);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(formatInternalError(error, isDebug(process.env)));
    process.exitCode = INTERNAL_ERROR_EXIT_CODE;
  },
);
