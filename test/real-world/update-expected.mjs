#!/usr/bin/env node
// Rewrites expected.json from what `loom` reports on every corpus case, after building it as the
// tests' global setup does. Then review the diff: every error must be a true defect of its
// document, or a Loom false error listed in README.md.
//   node test/real-world/update-expected.mjs [case-id...]   (no id: every case)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describeDifference, expectedFile, formatExpected, loadCases, loadExpected, observeCase } from './corpus.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// tsc -b is incremental: a no-op when dist is current.
execFileSync(process.execPath, [tsc, '-b', 'packages/expressions', 'packages/engine', 'packages/spectral-ruleset', 'packages/cli'], { cwd: root, stdio: 'inherit' });
const { main } = await import('../../packages/cli/dist/index.js');

const only = new Set(process.argv.slice(2));
const cases = loadCases();
const unknown = [...only].filter((id) => !cases.some((testCase) => testCase.id === id));
if (unknown.length > 0) {
  process.stderr.write(`no such case: ${unknown.join(', ')}\n`);
  process.exit(2);
}
let previous = {};
try {
  previous = loadExpected();
} catch {
  // No expected.json yet: every case is written.
}
const next = {};
// Cases in cases.json order; a case removed from cases.json leaves expected.json too.
for (const testCase of cases) {
  if (only.size > 0 && !only.has(testCase.id)) {
    if (previous[testCase.id] !== undefined) next[testCase.id] = previous[testCase.id];
    continue;
  }
  const observed = await observeCase(main, testCase);
  next[testCase.id] = observed;
  const summary = Object.entries(observed).map(([command, result]) => `${command} exit ${result.exit}, ${result.diagnostics.length} diagnostics`);
  process.stdout.write(`${testCase.id}: ${summary.join('; ')}\n`);
  // What changed since the last expected data, in the test's own diff form, for the review.
  for (const [command, result] of Object.entries(observed)) {
    const difference = previous[testCase.id] === undefined ? '' : describeDifference(previous[testCase.id][command], result);
    if (difference !== '') process.stdout.write(`  loom ${command} (- before, + now):\n${difference.replace(/^/gm, '    ')}\n`);
  }
}
writeFileSync(expectedFile, formatExpected(next));
process.stdout.write(`wrote ${expectedFile}\n`);
