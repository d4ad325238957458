// Preloaded (`node --require`) into each process bench/large-document.mjs measures: at exit,
// writes the process's resource usage (CPU time, max RSS) to LOOM_BENCH_USAGE_FILE. Works
// for any node program, Loom's or another tool's, without changing it.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.LOOM_BENCH_USAGE_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
