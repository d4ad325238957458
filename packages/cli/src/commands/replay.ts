import { dirname, resolve } from 'node:path';
import { createHttpClient, isLoomError, run, type RequestEvent, type RunEvent, type RunResult } from '@loom/engine';
import { MASK } from '@loom/engine/internal';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { parseInputAssignments } from '../input-assignments.js';
import { checkWritable, writeOutputFile } from '../output-file.js';
import { formatReplayDifferences } from '../reporters/replay-report.js';
import { escapeControlCharacters as escape, paint } from '../terminal.js';
import { compareRequests, compareValues, type ReplayDifference } from '../trace/compare.js';
import type { Trace } from '../trace/format.js';
import { exchangesOf, readTrace, runEndOf } from '../trace/read.js';
import { createTraceRecorder } from '../trace/record.js';
import { createReplayClient } from '../trace/replay-client.js';
import { UsageError } from '../usage-error.js';
import { cliVersion } from '../version.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';

export const replayHelp = `Usage: loom replay <trace> [options]

Runs the workflow of a trace (loom run --trace, loom test --trace-dir) again, offline: each request
is answered with the recorded response, in order. Reports every request that now differs from the
recorded one (method, URL, headers, body, with a diff) and outputs that changed.
Secrets are masked in a trace and compared masked: a masked value matches a masked value.

Options:
  --update                    Run the workflow live instead and rewrite the trace from that run
  --input <name>=<value>      One input, replacing the recorded one; give secret inputs (recorded
                              masked) again this way for --update (repeatable)
  --server <source>=<url>     Send the requests of <source> to <url> (--update; repeatable)
${documentAccessHelp(28)}
  --timeout <ms>              Per-request timeout of --update (default 30000)
  -h, --help                  Show this help

Exit codes: 0 nothing differs (--update: the live run succeeded), 1 something differs (--update:
the run failed), 2 the trace or its document cannot be used, or the command line is wrong.

Example:
  loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --inputs examples/amberflo/inputs.json --trace launch.trace.jsonl --quiet \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010 \\
    && loom replay launch.trace.jsonl`;

export const replayOptions = {
  update: { type: 'boolean', default: false },
  input: { type: 'string', multiple: true },
  server: { type: 'string', multiple: true },
  ...documentAccessOptions,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function replayCommand({ values, positionals }: ParsedCommandLine<typeof replayOptions>, context: CommandContext): Promise<number> {
  const tracePath = resolve(context.cwd, positionals[0]!);
  const requestMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (requestMs !== undefined && (!Number.isInteger(requestMs) || requestMs <= 0)) throw new UsageError(`replay: --timeout must be a positive whole number, got '${values.timeout}'`);
  const trace = await readTrace(tracePath, 'replay');
  const { header } = trace;
  const documentPath = /^[a-z][a-z0-9+.-]*:\/\//i.test(header.document) ? header.document : resolve(dirname(tracePath), header.document);
  const document = await loadModelForCommand(documentPath, context, { ...documentAccess('replay', values), ...(requestMs !== undefined ? { timeoutMs: requestMs } : {}) }, { command: 'replay' });
  if (!document) return 2;
  const workflow = document.model.workflows.get(header.workflowId);
  const inputs = { ...header.inputs, ...parseInputAssignments(values.input, workflow?.inputsSchema) };
  const servers = { ...header.servers, ...parseAssignments('server', values.server) };
  const options = { workflowId: header.workflowId, inputs, servers, maskEvents: header.masked, maskSecrets: header.masked };
  const runOrExplain = (promise: Promise<RunResult>) =>
    promise.catch((error: unknown) => {
      // DECISIONS D86: secret inputs are recorded masked; a schema may refuse the mask in their place.
      if (isLoomError(error) && error.code === 'LOOM_ERR_INPUTS' && JSON.stringify(header.inputs).includes(MASK)) {
        throw new UsageError(`replay: ${error.message}; the trace holds secret inputs masked: give them with --input <name>=<value>`);
      }
      throw error;
    });

  if (values.update) {
    await checkWritable(tracePath, 'replay: --update');
    const recorder = createTraceRecorder({ documentPath, traceFile: tracePath, workflowId: header.workflowId, servers, loomVersion: cliVersion(), masked: header.masked });
    const httpClient = recorder.wrapClient(createHttpClient());
    let result: RunResult;
    try {
      result = await runOrExplain(run(document.loaded, { ...options, ...(requestMs !== undefined ? { timeouts: { requestMs } } : {}), onEvent: recorder.onEvent, httpClient }));
    } finally {
      await httpClient.close();
    }
    await writeOutputFile(tracePath, recorder.render(), 'replay');
    const mark = result.status === 'success' ? paint(context.terminal, 'green', '✔') : paint(context.terminal, 'red', '✖');
    context.stdout.write(`${mark} ${escape(positionals[0]!)} rewritten from a live run of ${escape(header.workflowId)} (${result.status === 'success' ? 'succeeded' : 'failed'})\n`);
    return result.status === 'success' ? 0 : 1;
  }

  const exchanges = exchangesOf(trace.events);
  const client = createReplayClient(exchanges);
  const replayed: RequestEvent[] = [];
  const result = await runOrExplain(
    run(document.loaded, {
      ...options,
      httpClient: client,
      // Offline, a recorded Retry-After is not waited for (DECISIONS D86).
      timeouts: { maxRetryDelayMs: 0 },
      onEvent: (event: RunEvent) => {
        if (event.type === 'request') replayed.push(event);
      },
    }),
  );
  const recordedEnd = runEndOf(trace.events);
  const differences: ReplayDifference[] = [
    ...compareRequests(exchanges.map((exchange) => exchange.request), replayed),
    ...(recordedEnd ? [compareValues('status', recordedEnd.status, result.status), compareValues('outputs', recordedEnd.outputs, result.outputs)].filter((difference) => difference !== undefined) : []),
  ];
  context.stdout.write(await formatReplayDifferences(differences, context.terminal));
  const requests = `${exchanges.length} request${exchanges.length === 1 ? '' : 's'}`;
  if (differences.length === 0) {
    context.stdout.write(`${paint(context.terminal, 'green', '✔')} ${escape(header.workflowId)}: ${requests} and the outputs as recorded\n`);
    return 0;
  }
  context.stdout.write(`${paint(context.terminal, 'red', '✖')} ${escape(header.workflowId)}: ${differences.length} difference${differences.length === 1 ? '' : 's'} from the trace (${requests} recorded)\n`);
  return 1;
}
