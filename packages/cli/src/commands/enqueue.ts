import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { parseInputAssignments } from '../input-assignments.js';
import { positiveIntegerOption, readInputsOption } from '../inputs-option.js';
import { readCredentialOptions, readInputEnvironment } from '../credential-options.js';
import { UsageError } from '../usage-error.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { queueKey, queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';
import { describeQueuedRun } from './queued-run-text.js';

export const enqueueHelp = `Usage: loom enqueue <file> [options]

Validates a workflow run (the document, and the inputs against the workflow's schema) and queues
it on Redis for \`loom worker\` processes to carry out; prints the run's id. Nothing is queued when
the document or the inputs are wrong. Workers load <file> from the same path or URL, and refuse
it if its text has changed since (queue it again).

Options:
  --workflow <id>             The workflow to run (may be left out when the document has one)
  --inputs <file.json|->      Workflow inputs as a JSON object, from a file or stdin (-)
  --input <name>=<value>      One input, as for loom run (repeatable)
  --input-env <name>=<VAR>    One input from an environment variable, as for loom run (repeatable)
  --env-file <file>           Read environment variables from a dotenv file (repeatable; the real
                              environment wins)
  --server <source>=<url>     Send the requests of source description <source> to <url> (repeatable)
${documentAccessHelp(28)}
${queueLocationHelp}
  --delay <ms>                Start the run no sooner than this many milliseconds from now
  --priority <n>              1 is the highest; runs without a priority are taken in order
  --job-id <id>               The run's id; queueing again with the same id queues nothing
  --wait                      Wait for the run to finish and exit as loom run does
  --json                      Print a JSON object instead of text
  -h, --help                  Show this help

Secret inputs (format: password or writeOnly, or named like apiKey, token, secret, password) are never
stored in Redis in clear: set LOOM_QUEUE_KEY (32 bytes: openssl rand -hex 32) here and on the workers
to queue them sealed.

Exit codes: 0 queued (with --wait: the workflow succeeded), 1 with --wait: the run failed,
2 nothing was queued (errors in the document or inputs, Redis unreachable, bad command line).

Example:
  loom enqueue examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --inputs examples/amberflo/inputs.json --job-id launch-acme \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010`;

export const enqueueOptions = {
  workflow: { type: 'string' },
  inputs: { type: 'string' },
  input: { type: 'string', multiple: true },
  'input-env': { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  server: { type: 'string', multiple: true },
  ...documentAccessOptions,
  ...queueLocationOptions,
  delay: { type: 'string' },
  priority: { type: 'string' },
  'job-id': { type: 'string' },
  wait: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function enqueueCommand({ values, positionals }: ParsedCommandLine<typeof enqueueOptions>, context: CommandContext): Promise<number> {
  const file = positionals[0]!;
  if (file === '-') throw new UsageError('enqueue: workers load the document from its path or URL, so it cannot come from stdin (-)');
  const delay = values.delay === undefined ? undefined : Number(values.delay);
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) throw new UsageError(`enqueue: --delay must be a whole number of milliseconds >= 0, got '${values.delay}'`);
  const priority = positiveIntegerOption('enqueue', 'priority', values.priority);
  const fileInputs = await readInputsOption('enqueue', values.inputs, context);
  const servers = parseAssignments('server', values.server);
  return withQueueErrors('enqueue', context, async (queue) => {
    const location = queueLocation(values, context);
    const document = await loadModelForCommand(file, context, documentAccess('enqueue', values), { command: 'enqueue', warningsCommand: 'lint' });
    if (!document) return 2;
    const { workflows } = document.model;
    const chosen = values.workflow !== undefined ? workflows.get(values.workflow) : workflows.size === 1 ? workflows.values().next().value : undefined;
    const { environment } = await readCredentialOptions(values, context, 'enqueue');
    // As for loom run (D78): --inputs, then --input-env, then --input.
    const inputs = { ...fileInputs, ...readInputEnvironment(values['input-env'], environment, chosen?.inputsSchema, 'enqueue'), ...parseInputAssignments(values.input, chosen?.inputsSchema) };
    const queued = await queue.enqueue(document.loaded, {
      ...location,
      ...queueKey(queue, context),
      ...(values.workflow !== undefined ? { workflowId: values.workflow } : {}),
      inputs,
      ...(Object.keys(servers).length > 0 ? { servers } : {}),
      ...(delay !== undefined ? { delayMs: delay } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(values['job-id'] !== undefined ? { runId: values['job-id'] } : {}),
    });
    if (!values.wait) {
      context.stdout.write(values.json ? `${JSON.stringify(queued)}\n` : `${queued.runId}${queued.created ? '' : ' (queued already)'}\n`);
      return 0;
    }
    const controller = new AbortController();
    const stopListening = context.onStopSignal(() => controller.abort());
    try {
      const finished = await queue.waitForRun(queued.runId, { ...location, signal: controller.signal });
      context.stdout.write(values.json ? `${JSON.stringify(finished)}\n` : describeQueuedRun(finished, context.terminal));
      if (controller.signal.aborted) return 130;
      return finished.state === 'completed' && finished.result?.status === 'success' ? 0 : 1;
    } finally {
      stopListening();
    }
  });
}
