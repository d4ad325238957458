import { availableParallelism } from 'node:os';
import { createHttpClient } from '@loom/engine';
import { relative, resolve } from 'node:path';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions, StopSignal } from '../command.js';
import { expandFileArguments, type FileArgument } from '../file-arguments.js';
import { checkWritable, writeOutputFile } from '../output-file.js';
import { renderTestGithubActions } from '../reporters/test-github-actions.js';
import { renderTestJson } from '../reporters/test-json.js';
import { renderTestJUnit } from '../reporters/test-junit.js';
import { formatCaseBlock, formatTotals } from '../reporters/test-summary.js';
import { renderTestTap } from '../reporters/test-tap.js';
import { collectDocumentCases, type DocumentCases } from '../test-runner/collect-cases.js';
import { combineObservers, createHtmlCaseRecorder, type HtmlCaseRecorder } from '../test-runner/html-cases.js';
import { parseTestReporters, stdoutTaken, type TestReporterChoice } from '../test-runner/reporter-options.js';
import { runCases, type RunObserver } from '../test-runner/run-cases.js';
import { traceFileName } from '../test-runner/trace-names.js';
import type { CaseResult, TestCase } from '../test-runner/types.js';
import { createTraceRecorder } from '../trace/record.js';
import { UsageError } from '../usage-error.js';
import { escapeControlCharacters, paint } from '../terminal.js';
import { watchFiles, type FileWatcher } from '../test-runner/watch-files.js';
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
  --report html=<file>        Write one self-contained HTML page with every case: each run's
                              control-flow graph, timeline, requests, responses and criteria
                              (the last run of a case), and the cases that did not run
  --trace-dir <dir>           Write a trace of each case's last run there (see loom replay)
  --watch                     After the run, run the cases of a document again when it, its
                              OpenAPI sources or its inputs file change; Ctrl-C ends
  -h, --help                  Show this help

Exit codes: 0 every case passed (flaky ones included), 1 a case failed, 2 nothing was run
(command line errors, no document found).

Examples:
  loom test examples/amberflo/arazzo --reporter junit=loom-tests.xml \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010
  loom test examples/amberflo/arazzo --report html=loom-tests.html \\
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
  report: { type: 'string', multiple: true },
  'trace-dir': { type: 'string' },
  watch: { type: 'boolean', default: false },
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
  const htmlFile = htmlReportFile(values.report, context.cwd);
  if (htmlFile !== undefined) await checkWritable(htmlFile, 'test: --report html');

  const files = await expandFileArguments('test', positionals, context.cwd);
  const collectOptions = { cwd: context.cwd, servers, load: { ...documentAccess('test', values), ...(requestMs !== undefined ? { timeoutMs: requestMs } : {}) }, ...(values.workflow ? { workflows: values.workflow } : {}), ...(grep ? { grep } : {}) };
  const collect = (file: FileArgument & { kind: 'path' }) => collectDocumentCases(file, collectOptions);
  let documents: DocumentCases[] = [];
  for (const file of files) if (file.kind === 'path') documents.push(await collect(file));
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
  // Traces learn which values are secrets from the requests as sent, through this client (trace/sent-secrets.ts).
  const httpClient = traceDir !== undefined ? createHttpClient() : undefined;
  // Loaded only when asked for, as for loom run: the report's layout library stays out of other starts.
  const htmlReport = htmlFile !== undefined ? await import('../reporters/html-report/index.js') : undefined;
  // Kept across --watch reruns: the report shows the latest run of every case.
  const htmlCases: HtmlCaseRecorder | undefined = htmlReport ? createHtmlCaseRecorder(htmlReport) : undefined;
  // The latest results of each document's cases: a --watch rerun replaces those of the documents it ran.
  const latest = new Map<string, CaseResult[]>();
  const runDocuments = async (batch: readonly DocumentCases[]): Promise<CaseResult[]> => {
    const started = performance.now();
    // DECISIONS D89: one budget per report written (a --watch rerun writes a new one).
    const htmlBudget = htmlReport?.createTextBudget();
    const results = await runCases(
      batch.flatMap((document) => document.cases),
      {
        concurrency,
        bail: values.bail,
        retries,
        signal: controller.signal,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(requestMs !== undefined ? { requestMs } : {}),
        ...(httpClient ? { httpClient } : {}),
        onCaseEnd: (result) => summaryOut.write(formatCaseBlock(result, summaryTerminal)),
        ...(traceDir !== undefined || htmlCases
          ? { observe: (testCase: TestCase) => combineObservers([traceDir !== undefined ? traceObserver(testCase, traceDir, context.cwd) : undefined, htmlCases?.observe(testCase, htmlBudget!)]) }
          : {}),
      },
    );
    let offset = 0;
    for (const document of batch) {
      latest.set(document.file, results.slice(offset, offset + document.cases.length));
      offset += document.cases.length;
    }
    const all = documents.flatMap((document) => latest.get(document.file) ?? []);
    const durationMs = performance.now() - started;
    summaryOut.write(formatTotals(all, durationMs, summaryTerminal));
    for (const choice of reporters) {
      const text = render(choice, all, durationMs);
      if (text === undefined) continue;
      if (choice.file === undefined) context.stdout.write(text);
      else await writeOutputFile(resolve(context.cwd, choice.file), text, 'test');
    }
    if (htmlReport && htmlFile !== undefined) {
      const page = htmlReport.renderHtmlReport(htmlCases!.runs(all), { title: 'Loom test report', version: cliVersion(), budget: htmlBudget! });
      await writeOutputFile(htmlFile, page, 'test');
    }
    return all;
  };
  let results: CaseResult[];
  try {
    results = await runDocuments(documents);
    if (values.watch) results = await watchAndRerun();
  } finally {
    stopListening();
    await httpClient?.close();
  }
  if (stoppedBy !== undefined) return stoppedBy === 'SIGINT' ? 130 : 143;
  return results.some((result) => result.status === 'failed') ? 1 : 0;

  /** DECISIONS D87: reruns the cases of the documents whose files changed, until a stop signal. */
  async function watchAndRerun(): Promise<CaseResult[]> {
    let results = documents.flatMap((document) => latest.get(document.file) ?? []);
    while (!controller.signal.aborted) {
      const watched = [...new Set(documents.flatMap((document) => document.watched))];
      let watcher: FileWatcher;
      try {
        watcher = watchFiles(watched);
      } catch (error) {
        throw new UsageError(`test: --watch: ${(error as Error).message}`);
      }
      const stop = () => watcher.close();
      controller.signal.addEventListener('abort', stop, { once: true });
      summaryOut.write(paint(summaryTerminal, 'gray', `watching ${watched.length} file${watched.length === 1 ? '' : 's'} for changes; Ctrl-C ends\n`));
      const changed = await watcher.next();
      watcher.close();
      controller.signal.removeEventListener('abort', stop);
      if (changed.size === 0) break;
      const affected = documents.filter((document) => document.watched.some((file) => changed.has(file)));
      const reloaded = await Promise.all(affected.map((document) => collect({ kind: 'path', path: document.file, found: true })));
      documents = documents.map((document) => reloaded.find((candidate) => candidate.file === document.file) ?? document);
      const names = [...changed].map((file) => relative(context.cwd, file) || file).join(', ');
      summaryOut.write(`\n${paint(summaryTerminal, 'cyan', `↻ ${escapeControlCharacters(names)} changed: running the cases of ${reloaded.length} document${reloaded.length === 1 ? '' : 's'} again`)}\n`);
      results = await runDocuments(reloaded);
    }
    return results;
  }
}

function render(choice: TestReporterChoice, results: readonly CaseResult[], durationMs: number): string | undefined {
  switch (choice.kind) {
    case 'junit':
      return renderTestJUnit(results);
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

/** `--report html=<file>` (issue 15, as on loom run); the other report kinds are --reporter's. */
function htmlReportFile(values: readonly string[] | undefined, cwd: string): string | undefined {
  const reports = Object.entries(parseAssignments('report', values));
  for (const [kind] of reports) {
    if (kind !== 'html') throw new UsageError(`test: --report kinds are html, got '${kind}' (junit, tap, json and github-actions are --reporter's)`);
  }
  return reports.length > 0 ? resolve(cwd, reports.at(-1)![1]) : undefined;
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
