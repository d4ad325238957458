import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpClient, isLoomError, planRequests, run, type RunEvent, type RunResult } from '@loom/engine';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions, StopSignal } from '../command.js';
import { parseInputAssignments } from '../input-assignments.js';
import { readInputsOption, readRunLimits } from '../inputs-option.js';
import { createHumanRunReporter, formatPlannedRequests } from '../reporters/run-human.js';
import { createHarRecorder, renderJsonReport, renderJUnitReport } from '../reporters/run-reports.js';
import { escapeJsonControlCharacters } from '../terminal.js';
import { displayFileFor, formatDiagnosticLine } from '../reporters/diagnostics.js';
import { cliVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { documentAccess, documentAccessHelp, documentAccessOptions, providedDocuments, providedDocumentsHelp, providedDocumentsOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { readTlsOptions, tlsCommandOptions, tlsHelp } from './tls-options.js';
import { checkWritable, writeOutputFile } from '../output-file.js';
import { credentialHelp, credentialOptions, readCredentialOptions, readInputEnvironment } from '../credential-options.js';

import { createTraceRecorder } from '../trace/record.js';


export const runHelp = `Usage: loom run <file> [options]

Runs a workflow of an Arazzo 1.0.x or 1.1.x document against real HTTP APIs.
<file> - reads the document from stdin.

Options:
  --workflow <id>             The workflow to run (may be left out when the document has one)
  --inputs <file.json|->      Workflow inputs as a JSON object, from a file or stdin (-)
  --input <name>=<value>      One input; the value is parsed as JSON when it parses, else taken
                              as a string (always a string where the input's schema says
                              type: string); overrides --inputs (repeatable)
${credentialHelp(28)}
  --server <source>=<url>     Send the requests of source description <source> to <url>; for an
                              AsyncAPI source, the broker URL (credentials as user info) (repeatable)
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${providedDocumentsHelp(28)}
${documentAccessHelp(28)}
${tlsHelp(28)}
  --json                      Print exactly one JSON object with the result on stdout; logs go to stderr
  --timeout <ms>              Per-request timeout, reading remote documents included (default 30000)
  --run-timeout <ms>          Timeout for the whole run (default: none)
  --max-steps <n>             Stop a run after this many step executions (default 1000)
  --max-workflow-depth <n>    Stop a run when workflows nest deeper than this (default 32)
  --show-secrets              Do not mask secrets (inputs, headers, tokens) anywhere in the output
  --quiet                     Print only failed steps and the final line
  --verbose                   Also print request and response heads and bodies (masked),
                              and the document's warnings in full
  --report <kind>=<file>      Also write a report: json, junit (one testcase per step) or html
                              (one self-contained page: graph, timeline, each step's request,
                              response, criteria and outputs) (repeatable)
  --har <file>                Also write every request and response as a HAR 1.2 file (masked)
  --trace <file>              Also record the run as a trace: every event, request and response
                              (masked), as JSON lines; loom replay <file> runs it again offline
  --dry-run                   Print the requests the first pass would send (inputs substituted,
                              later values shown as their expressions); send nothing
  -h, --help                  Show this help

Errors in parts of the document the workflow does not reach do not stop it; warnings never do.

Exit codes: 0 the workflow succeeded, 1 it ran and failed, 2 nothing was run
(errors in what the workflow reaches, invalid inputs or command line), 130 interrupted (Ctrl-C, SIGINT),
143 stopped by SIGTERM; an interrupted run is still reported.

Example:
  loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --inputs examples/amberflo/inputs.json \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010
  // The API key from a dotenv file, never on the command line:
  loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --inputs examples/amberflo/inputs.json \\
    --env-file examples/amberflo/demo.env --input-env apiKey=AMBERFLO_API_KEY \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010`;

export const runOptions = {
  workflow: { type: 'string' },
  inputs: { type: 'string' },
  input: { type: 'string', multiple: true },
  server: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  ...credentialOptions,
  ...providedDocumentsOptions,
  ...documentAccessOptions,
  ...tlsCommandOptions,
  json: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  'run-timeout': { type: 'string' },
  'max-steps': { type: 'string' },
  'max-workflow-depth': { type: 'string' },
  'show-secrets': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  report: { type: 'string', multiple: true },
  har: { type: 'string' },
  trace: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function runCommand({ values, positionals }: ParsedCommandLine<typeof runOptions>, context: CommandContext): Promise<number> {
  const { requestMs, limits } = readRunLimits('run', values);
  if (positionals[0] === '-' && values.inputs === '-') throw new UsageError('run: the document and --inputs cannot both be read from stdin (-)');
  const fileInputs = await readInputsOption('run', values.inputs, context);
  const { credentials, environment } = await readCredentialOptions(values, context, 'run');
  const servers = parseAssignments('server', values.server);
  const sourceOverrides = parseAssignments('source', values.source);
  const reports = parseReports(values.report);
  if (values.quiet && values.verbose) throw new UsageError('run: --quiet and --verbose do not go together');
  const tls = await readTlsOptions('run', values, context);

  const document = await loadModelForCommand(
    positionals[0]!,
    context,
    { sourceOverrides, ...documentAccess('run', values), ...providedDocuments(values), ...(requestMs !== undefined ? { timeoutMs: requestMs } : {}), ...(tls ? { tls } : {}) },
    // Warnings are one line (`4 warnings: loom lint <file>`), in full with --verbose.
    { command: 'run', warningsCommand: 'lint', verbose: values.verbose },
  );
  if (!document) return 2;
  const { loaded } = document;
  // The inputs schema of the workflow that will run, when it is known here (run() reports the rest).
  const { workflows } = document.model;
  const chosen = values.workflow !== undefined ? workflows.get(values.workflow) : workflows.size === 1 ? workflows.values().next().value : undefined;
  // DECISIONS D78: --inputs, then --input-env, then --input.
  const inputs = { ...fileInputs, ...readInputEnvironment(values['input-env'], environment, chosen?.inputsSchema, 'run'), ...parseInputAssignments(values.input, chosen?.inputsSchema) };
  // DECISIONS D53: the engine refuses a workflow that reaches errors; the errors in its way are shown in full.
  const showBlocking = (error: unknown): never => {
    if (isLoomError(error) && error.code === 'LOOM_ERR_INVALID') {
      const displayFile = displayFileFor(context.cwd);
      for (const diagnostic of error.diagnostics) context.stderr.write(`${formatDiagnosticLine(diagnostic, displayFile, context.errorTerminal)}\n`);
    }
    throw error;
  };
  if (values['dry-run']) {
    const planned = await planRequests(loaded, { ...(values.workflow !== undefined ? { workflowId: values.workflow } : {}), inputs, servers, maskSecrets: !values['show-secrets'] }).catch(showBlocking);
    context.stdout.write(values.json ? escapeJsonControlCharacters(`${JSON.stringify({ workflowId: planned.workflowId, dryRun: true, requests: planned.requests }, null, 2)}\n`) : formatPlannedRequests(planned.requests, context.terminal));
    return 0;
  }

  // Report files are checked before the first request is sent.
  const reportFiles = reports.map(([kind, file]) => [kind, resolve(context.cwd, file)] as const);
  const harFile = values.har !== undefined ? resolve(context.cwd, values.har) : undefined;
  for (const [kind, file] of reportFiles) await checkWritable(file, `run: --report ${kind}`);
  if (harFile !== undefined) await checkWritable(harFile, 'run: --har');
  // A trace names its document for replay: one read from stdin could not be found again.
  if (values.trace !== undefined && positionals[0] === '-') throw new UsageError('run: --trace needs the document from a file, not stdin');
  const traceFile = values.trace !== undefined ? resolve(context.cwd, values.trace) : undefined;
  if (traceFile !== undefined) await checkWritable(traceFile, 'run: --trace');

  // DECISIONS D40: SIGINT and SIGTERM stop a run alike; a second signal ends loom at once.
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    stoppedBy ??= signal;
    controller.abort(new Error('interrupted'));
  };
  const stopListening = context.onStopSignal(onSignal);
  const reporter = values.json ? undefined : createHumanRunReporter(context.stdout, context.terminal, { quiet: values.quiet, verbose: values.verbose });
  const har = values.har !== undefined ? createHarRecorder() : undefined;
  const trace = traceFile !== undefined ? createTraceRecorder({ documentPath: documentPathOf(loaded.url), traceFile, workflowId: values.workflow ?? chosen?.workflowId ?? '', servers, loomVersion: cliVersion(), masked: !values['show-secrets'] }) : undefined;
  // Loaded only when asked for: the report's layout library stays out of a plain run's start.
  const htmlReport = reportFiles.some(([kind]) => kind === 'html') ? await import('../reporters/html-report/index.js') : undefined;
  const htmlBudget = htmlReport?.createTextBudget();
  const htmlRecorder = htmlReport?.createRunRecorder(htmlBudget);
  const listeners = [reporter, har, trace, htmlRecorder].filter((listener) => listener !== undefined);
  // A trace learns which values are secrets from the requests as sent (trace/sent-secrets.ts).
  const httpClient = trace?.wrapClient(createHttpClient());
  let result: RunResult;
  try {
    result = await run(loaded, {
      ...(values.workflow !== undefined ? { workflowId: values.workflow } : {}),
      inputs,
      servers,
      ...(tls ? { tls } : {}),
      signal: controller.signal,
      ...(credentials !== undefined ? { credentials } : {}),
      credentialEnvironment: environment,
      ...limits,
      // --show-secrets shows everything, consistently: the result, events (--verbose, --har) and the dry run.
      maskSecrets: !values['show-secrets'],
      maskEvents: !values['show-secrets'],
      ...(listeners.length > 0 ? { onEvent: (event: RunEvent) => listeners.forEach((listener) => listener.onEvent(event)) } : {}),
      ...(httpClient ? { httpClient } : {}),
    }).catch(showBlocking);
  } finally {
    stopListening();
    await httpClient?.close();
  }
  if (values.json) context.stdout.write(escapeJsonControlCharacters(renderJsonReport(result)));
  else reporter!.finish(result);
  const renderReport = (kind: ReportFileKind): string => {
    if (kind === 'json') return renderJsonReport(result);
    if (kind === 'junit') return renderJUnitReport(result);
    const workflow = document.model.workflows.get(result.workflowId);
    return htmlReport!.renderHtmlReport([{ result, recording: htmlRecorder!.recording(), ...(workflow ? { workflow } : {}) }], { version: cliVersion(), budget: htmlBudget! });
  };
  for (const [kind, file] of reportFiles) await writeOutputFile(file, renderReport(kind), 'run');
  if (har && harFile !== undefined) await writeOutputFile(harFile, har.render(cliVersion()), 'run');
  if (trace && traceFile !== undefined) await writeOutputFile(traceFile, trace.render(), 'run');
  // Stopped by a signal: the result is still reported, with the shell's code for that signal (128 + its number).
  if (stoppedBy !== undefined) return SIGNAL_EXIT_CODES[stoppedBy];
  return result.status === 'success' ? 0 : 1;
}

/** The document as a trace names it: a file's path, else its URL. */
function documentPathOf(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

type ReportFileKind = 'json' | 'junit' | 'html';

function parseReports(values: readonly string[] | undefined): [kind: ReportFileKind, file: string][] {
  return Object.entries(parseAssignments('report', values)).map(([kind, file]) => {
    if (kind !== 'json' && kind !== 'junit' && kind !== 'html') throw new UsageError(`run: --report kinds are json, junit and html, got '${kind}'`);
    return [kind, file];
  });
}

/** DECISIONS D40: 128 + the signal's number, what a shell shows for a process that signal ended. */
const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };
