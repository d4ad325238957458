// The real-world corpus as data: the cases (cases.json), what the built `loom` reports on each
// (observeCase), the expected reports (expected.json) and a readable diff between the two.
// Shared by corpus.test.ts and update-expected.mjs so that both observe a case the same way.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const corpusFolder = fileURLToPath(new URL('./corpus/', import.meta.url));
export const expectedFile = fileURLToPath(new URL('./expected.json', import.meta.url));
const casesFile = fileURLToPath(new URL('./cases.json', import.meta.url));

/** The commands whose diagnostics are recorded. */
export const COMMANDS = ['validate', 'lint'];

/**
 * Every command runs with --offline: the tests use no network, so a source left remote (one a
 * nested Arazzo source names, which --source cannot reach) is reported, never fetched.
 */
const COMMON_ARGS = ['--offline', '--format', 'json'];

export function loadCases() {
  return JSON.parse(readFileSync(casesFile, 'utf8'));
}

export function loadExpected() {
  return JSON.parse(readFileSync(expectedFile, 'utf8'));
}

function collector() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * Runs the loom command line in this process, as the `loom` bin would from the corpus folder
 * (colour off, not a terminal): `main` is the CLI's main, from its sources in the test and from
 * its build in update-expected.mjs. One process for the whole corpus loads Spectral once.
 */
async function runLoomInProcess(main, args) {
  const stdout = collector();
  const stderr = collector();
  const terminal = { color: false, isTTY: false };
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };
  // validate and lint read no stdin here (no `-` argument) and start no run, so no signal reaches them.
  const context = { stdin: Readable.from([]), stdout: stdout.stream, stderr: stderr.stream, cwd: corpusFolder, env, terminal, errorTerminal: terminal, onStopSignal: () => () => {} };
  const code = await main(args, context);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * One diagnostic as recorded: [rule id, line, severity], and the file (relative to the corpus
 * folder) when it is not the case's document (an OpenAPI file, a nested Arazzo source).
 */
function recordDiagnostic(diagnostic, document) {
  const entry = [diagnostic.code, diagnostic.line ?? null, diagnostic.severity];
  if (diagnostic.file !== undefined && diagnostic.file !== document) entry.push(diagnostic.file);
  return entry;
}

const SPECTRAL_SEVERITIES = ['error', 'warning', 'info', 'hint'];

/** A result of `loom lint --format json` (Spectral's shape: 0-based range, numeric severity, absolute source) in validate's terms. */
function fromSpectralResult(result) {
  return {
    code: result.code,
    line: result.range === undefined ? undefined : result.range.start.line + 1,
    severity: SPECTRAL_SEVERITIES[result.severity],
    file: result.source === undefined ? undefined : relative(corpusFolder, result.source).split('\\').join('/'),
  };
}

function compareEntries(left, right) {
  const file = (entry) => entry[3] ?? '';
  return file(left).localeCompare(file(right)) || (left[1] ?? 0) - (right[1] ?? 0) || left[0].localeCompare(right[0]) || left[2].localeCompare(right[2]);
}

/** Runs `loom <command>` (through `main`) on a case and returns its exit code and diagnostics, sorted by file, line and rule; throws when it writes to stderr or prints no JSON. */
export async function observeCommand(main, testCase, command) {
  const result = await runLoomInProcess(main, [command, testCase.document, ...(testCase.args ?? []), ...COMMON_ARGS]);
  // With --format json everything goes to stdout: anything on stderr (a usage error, a crash) is a failure.
  if (result.stderr !== '') throw new Error(`loom ${command} ${testCase.document} wrote to stderr (exit ${result.code}):\n${result.stderr}`);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`loom ${command} ${testCase.document} did not print JSON (exit ${result.code}):\n${result.stdout}`);
  }
  // validate prints Loom's shape ({diagnostics: [...]}); lint prints Spectral's (an array of results, D51).
  const found = Array.isArray(report) ? report.map(fromSpectralResult) : report.diagnostics;
  const diagnostics = found.map((diagnostic) => recordDiagnostic(diagnostic, testCase.document)).sort(compareEntries);
  return { exit: result.code, diagnostics };
}

export async function observeCase(main, testCase) {
  const observed = {};
  for (const command of COMMANDS) observed[command] = await observeCommand(main, testCase, command);
  return observed;
}

const showEntry = (entry) => `${entry[3] === undefined ? '' : `${entry[3]}:`}${entry[1] ?? '-'} ${entry[2]} ${entry[0]}`;

/**
 * A readable difference between an expected and an observed command result: the exit codes
 * when they differ, then `- ` for each expected diagnostic not reported and `+ ` for each
 * reported one not expected. Empty when they agree.
 */
export function describeDifference(expected, observed) {
  const lines = [];
  if (expected === undefined) return 'no expected data for this case: run node test/real-world/update-expected.mjs';
  if (expected.exit !== observed.exit) lines.push(`exit code: expected ${expected.exit}, got ${observed.exit}`);
  const remaining = new Map();
  for (const entry of observed.diagnostics) {
    const key = showEntry(entry);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  for (const entry of expected.diagnostics) {
    const key = showEntry(entry);
    const count = remaining.get(key) ?? 0;
    if (count > 0) remaining.set(key, count - 1);
    else lines.push(`- ${key}`);
  }
  for (const entry of observed.diagnostics) {
    const key = showEntry(entry);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      lines.push(`+ ${key}`);
      remaining.set(key, count - 1);
    }
  }
  return lines.join('\n');
}

/** expected.json with one diagnostic a line, so that a regeneration's git diff reads line by line. */
export function formatExpected(expected) {
  const cases = Object.entries(expected).map(([id, commands]) => {
    const parts = Object.entries(commands).map(([command, result]) => {
      const diagnostics = result.diagnostics.map((entry) => `        ${JSON.stringify(entry)}`).join(',\n');
      const list = result.diagnostics.length === 0 ? '[]' : `[\n${diagnostics}\n      ]`;
      return `    ${JSON.stringify(command)}: {\n      "exit": ${result.exit},\n      "diagnostics": ${list}\n    }`;
    });
    return `  ${JSON.stringify(id)}: {\n${parts.join(',\n')}\n  }`;
  });
  return `{\n${cases.join(',\n')}\n}\n`;
}
