import { availableParallelism } from 'node:os';
import { createHttpClient } from '@loom/engine';
import { resolve } from 'node:path';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions, StopSignal } from '../command.js';
import { expandFileArguments } from '../file-arguments.js';
import { checkWritable, writeOutputFile } from '../output-file.js';
import { renderTestGithubActions } from '../reporters/test-github-actions.js';
import { renderTestJson } from '../reporters/test-json.js';
import { renderTestJUnit } from '../reporters/test-junit.js';
import { formatCaseBlock, formatTotals } from '../reporters/test-summary.js';
import { renderTestTap } from '../reporters/test-tap.js';
import { collectDocumentCases, type DocumentCases } from '../test-runner/collect-cases.js';
import { parseTestReporters, stdoutTaken, type TestReporterChoice } from '../test-runner/reporter-options.js';
import { runCases, type RunObserver } from '../test-runner/run-cases.js';
import { traceFileName } from '../test-runner/trace-names.js';
import type { CaseResult, TestCase } from '../test-runner/types.js';
import { createTraceRecorder } from '../trace/record.js';
import { UsageError } from '../usage-error.js';
import { cliVersion } from '../version.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';

export const testHelp = `Usage: loom test [files or folders...] [options]

Runs every workflow of the Arazzo documents given (a folder: every *.arazzo.yaml, *.arazzo.yml and
*.arazzo.json under it) as a test case, once per named input set. Input sets come from the document's
inputs file, beside it (flow.arazzo.yaml -> flow.arazzo.inputs.yaml), and from an x-loom-test
extension on the workflow; a workflow that requires inputs and has none is skipped, with the reason.

Options:
  --workflow <id>             Only this workflow (repeatable)
  --grep <pattern>            Only the cases whose name (<file> › <workflowId> [<set>]) matches this
                              regular expression
  --server <source>=<url>     Send the requests of source description <source> to <url> (repeatable)
${documentAccessHelp(28)}
  --concurrency <n>           Cases run at once (default: the number of cores)
  --bail                      Start no case after one has failed (those left are skipped)
  --timeout <ms>              Time limit of one case run (default: none)
  --request-timeout <ms>      Per-request timeout (default 30000)
  --retries <n>               Run a failed case again up to n times; a later pass is reported as flaky
  --reporter <kind>[=<file>]  Also report as junit, tap, json or github-actions, to <file> or stdout
                              (repeatable); the readable summary goes to stderr when tap, json or
                              junit takes stdout
  --trace-dir <dir>           Write a trace of each case's last run there (see loom replay)
  -h, --help                  Show this help

Exit codes: 0 every case passed (flaky ones included), 1 a case failed, 2 nothing was run
(command line errors, no document found).

Example:
  loom test examples/amberflo/arazzo --reporter junit=loom-tests.xml \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010`;

export const testOptions = {
  workflow: { type: 'string', multiple: true },
  grep: { type: 'string' },
  server: { type: 'string', multiple: true },
  ...documentAccessOptions,
  concurrency: { type: 'string' },
  bail: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  'request-timeout': { type: 'string' },
  retries: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  'trace-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function testCommand({ values, positionals }: ParsedCommandLine<typeof testOptions>, context: CommandContext): Promise<number> {
  const concurrency = wholeNumber('concurrency', values.concurrency, 1) ?? availableParallelism();
  const timeoutMs = wholeNumber('timeout', values.timeout, 1);
  const requestMs = wholeNumber('request-timeout', values['request-timeout'], 1);
  const retries = wholeNumber('retries', values.retries, 0) ?? 0;
  const grep = values.grep === undefined ? undefined : compilePattern(values.grep);
  const servers = parseAssignments('server', values.server);
  const reporters = parseTestReporters(values.reporter);
  const traceDir = values['trace-dir'] === undefined ? undefined : resolve(context.cwd, values['trace-dir']);
  const reportFiles = reporters.filter((choice): choice is TestReporterChoice & { file: string } => choice.file !== undefined).map((choice) => ({ ...choice, file: resolve(context.cwd, choice.file) }));
  for (const { kind, file } of reportFiles) await checkWritable(file, `test: --reporter ${kind}`);

  const files = await expandFileArguments('test', positionals, context.cwd);
  const documents: DocumentCases[] = [];
  for (const file of files) {
    if (file.kind !== 'path') continue;
    documents.push(await collectDocumentCases(file, { cwd: context.cwd, servers, load: { ...documentAccess('test', values), ...(requestMs !== undefined ? { timeoutMs: requestMs } : {}) }, ...(values.workflow ? { workflows: values.workflow } : {}), ...(grep ? { grep } : {}) }));
  }
  const cases = documents.flatMap((document) => document.cases);
  const used = new Set(cases.flatMap((testCase) => Object.keys(testCase.servers)));
  const unused = Object.keys(servers).filter((name) => !used.has(name));
  if (unused.length > 0 && cases.some((testCase) => testCase.loaded)) throw new UsageError(`test: --server ${unused.join(', ')}: no document tested has an OpenAPI source of that name`);
  if (cases.length === 0) throw new UsageError(`test: no case matches${values.workflow ? ` --workflow ${values.workflow.join(', ')}` : ''}${values.grep !== undefined ? ` --grep ${values.grep}` : ''}`);

  // DECISIONS D40: SIGINT and SIGTERM stop the runs alike; the cases not started are skipped and all is reported.
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const stopListening = context.onStopSignal((signal) => {
    stoppedBy ??= signal;
    controller.abort(new Error('interrupted'));
  });
  const summaryOut = stdoutTaken(reporters) ? context.stderr : context.stdout;
  const summaryTerminal = stdoutTaken(reporters) ? context.errorTerminal : context.terminal;
  const started = performance.now();
  // Traces learn which values are secrets from the requests as sent, through this client (trace/sent-secrets.ts).
  const httpClient = traceDir !== undefined ? createHttpClient() : undefined;
  let results: CaseResult[];
  try {
    results = await runCases(cases, {
      concurrency,
      bail: values.bail,
      retries,
      signal: controller.signal,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(requestMs !== undefined ? { requestMs } : {}),
      ...(httpClient ? { httpClient } : {}),
      onCaseEnd: (result) => summaryOut.write(formatCaseBlock(result, summaryTerminal)),
      ...(traceDir !== undefined ? { observe: (testCase: TestCase) => traceObserver(testCase, traceDir, context.cwd) } : {}),
    });
  } finally {
    stopListening();
    await httpClient?.close();
  }
  const durationMs = performance.now() - started;
  summaryOut.write(formatTotals(results, durationMs, summaryTerminal));
  for (const choice of reporters) {
    const text = render(choice, results, durationMs);
    if (text === undefined) continue;
    if (choice.file === undefined) context.stdout.write(text);
    else await writeOutputFile(resolve(context.cwd, choice.file), text, 'test');
  }
  if (stoppedBy !== undefined) return stoppedBy === 'SIGINT' ? 130 : 143;
  return results.some((result) => result.status === 'failed') ? 1 : 0;
}

function render(choice: TestReporterChoice, results: readonly CaseResult[], durationMs: number): string | undefined {
  switch (choice.kind) {
    case 'junit':
      return renderTestJUnit(results, durationMs);
    case 'tap':
      return renderTestTap(results);
    case 'json':
      return renderTestJson(results, durationMs);
    case 'github-actions':
      return renderTestGithubActions(results);
    case 'summary':
      return undefined;
  }
}

/** `--trace-dir`: each run of a case records a trace; the file is written when the run ends, so the last run's stays. */
function traceObserver(testCase: TestCase, traceDir: string, cwd: string): RunObserver {
  const traceFile = resolve(traceDir, traceFileName(testCase));
  const recorder = createTraceRecorder({ documentPath: resolve(cwd, testCase.file), traceFile, workflowId: testCase.workflowId, servers: testCase.servers, loomVersion: cliVersion() });
  return {
    onEvent: recorder.onEvent,
    wrapClient: recorder.wrapClient,
    finish: async (result) => {
      if (result) await writeOutputFile(traceFile, recorder.render(), 'test', { createFolders: true });
    },
  };
}

function wholeNumber(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`test: --${flag} must be a whole number of at least ${minimum}, got '${text}'`);
  return value;
}

function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`test: --grep ${pattern} is no regular expression: ${(error as Error).message}`);
  }
}
