import type { ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { positiveIntegerOption } from '../inputs-option.js';
import { escapeControlCharacters, paint } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { readCredentialOptions } from '../credential-options.js';
import { queueKey, queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';

export const workerHelp = `Usage: loom worker [options]

Carries out queued runs (loom enqueue, loom schedule) until it is stopped. Start as many workers,
on as many machines, as you like against one Redis: each run is carried out by one of them. After
each step a run is checkpointed in Redis; a worker that dies mid-run has its runs resumed by the
others from their last completed step (only the step in flight can be sent again). SIGTERM or
Ctrl-C drains: no new runs are taken, the runs in hand finish, then the worker exits.

Options:
${queueLocationHelp}
  --concurrency <n>           Runs in progress at once in this worker (default: the number of cores)
  --suspend-over <ms>         A retry delay longer than this waits as a delayed job instead of in
                              the worker (default 5000)
  --take-over-after <ms>      A worker silent this long has its runs taken over (default 30000)
  --keep-completed <age>      Completed runs stay in Redis this long for loom status and loom results:
                              30m, 24h, 7d (default 24h)
  --keep-failed <age>         Failed and cancelled runs stay this long (default 7d)
  --keep-at-most <n>          And at most n completed and n failed runs, the oldest removed first
                              (default 100000); give every worker the same
  --rate <source>=<n>/s       At most n requests per second to a source description, counted over
                              every worker sharing the Redis (repeatable; give every worker the same)
  --credentials <file>        Credentials for the OpenAPI security schemes, as for loom run; with the
                              LOOM_<SOURCE>_<SCHEME>_* variables, they stay on the worker, never in Redis
  --env-file <file>           Read environment variables from a dotenv file (repeatable; the real
                              environment wins)
  -h, --help                  Show this help

Secret inputs are opened with LOOM_QUEUE_KEY (the key they were queued with).
Prints one line per finished run.

Exit codes: 0 stopped and drained, 2 Redis unreachable or bad command line.

Example:
  loom worker --redis redis://127.0.0.1:6379 --concurrency 8`;

export const workerOptions = {
  ...queueLocationOptions,
  concurrency: { type: 'string' },
  'suspend-over': { type: 'string' },
  'take-over-after': { type: 'string' },
  'keep-completed': { type: 'string' },
  'keep-failed': { type: 'string' },
  'keep-at-most': { type: 'string' },
  rate: { type: 'string', multiple: true },
  credentials: { type: 'string' },
  'env-file': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function workerCommand({ values, positionals }: ParsedCommandLine<typeof workerOptions>, context: CommandContext): Promise<number> {
  if (positionals.length > 0) throw new UsageError('worker: takes no file; runs name their documents');
  const concurrency = positiveIntegerOption('worker', 'concurrency', values.concurrency);
  const suspendOver = positiveIntegerOption('worker', 'suspend-over', values['suspend-over']);
  const takeOverAfter = positiveIntegerOption('worker', 'take-over-after', values['take-over-after']);
  const rateLimits = parseRates(values.rate ?? []);
  const retention = parseRetention(values);
  const { credentials, environment } = await readCredentialOptions(values, context, 'worker');
  return withQueueErrors('worker', context, async (queue) => {
    const location = queueLocation(values, context);
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stopListening = context.onStopSignal(() => stop());
    try {
      const worker = await queue.createWorker({
        ...location,
        ...queueKey(queue, context),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(suspendOver !== undefined ? { suspendDelaysOverMs: suspendOver } : {}),
        ...(takeOverAfter !== undefined ? { takeOverAfterMs: takeOverAfter } : {}),
        ...(rateLimits ? { rateLimits } : {}),
        ...(retention ? { retention } : {}),
        // DECISIONS D75: the worker's credentials file, then its LOOM_<SOURCE>_<SCHEME>_* variables.
        run: { credentialEnvironment: environment, ...(credentials ? { credentials } : {}) },
        onRunFinished: (run) => {
          const status = run.status === 'success' ? paint(context.terminal, 'green', 'succeeded') : paint(context.terminal, run.status === 'cancelled' ? 'yellow' : 'red', run.status === 'failure' ? 'failed' : run.status === 'error' ? 'not carried out' : 'cancelled');
          const detail = [run.durationMs !== undefined ? `${Math.round(run.durationMs)} ms` : '', run.message ?? ''].filter(Boolean).join('  ');
          context.stdout.write(`${escapeControlCharacters(run.runId)}  ${status}  workflow ${escapeControlCharacters(run.workflowId)}${detail ? `  ${escapeControlCharacters(detail)}` : ''}\n`);
        },
      });
      context.stderr.write(`loom worker: working on queue ${location.queueName ?? 'runs'} at ${escapeControlCharacters(queue.displayRedisUrl(location.redis))}; Ctrl-C or SIGTERM to drain and stop\n`);
      await stopped;
      context.stderr.write('loom worker: draining: finishing the runs in hand\n');
      await worker.close();
      return 0;
    } finally {
      stopListening();
    }
  });
}

/** `--keep-completed`, `--keep-failed`, `--keep-at-most` (DECISIONS D61); undefined when none is given. */
export function parseRetention(values: { readonly 'keep-completed'?: string | undefined; readonly 'keep-failed'?: string | undefined; readonly 'keep-at-most'?: string | undefined }) {
  const completed = keepAge('keep-completed', values['keep-completed']);
  const failed = keepAge('keep-failed', values['keep-failed']);
  const count = positiveIntegerOption('worker', 'keep-at-most', values['keep-at-most']);
  if (completed === undefined && failed === undefined && count === undefined) return undefined;
  const keep = (ageSeconds: number | undefined) => ({ ...(ageSeconds !== undefined ? { ageSeconds } : {}), ...(count !== undefined ? { count } : {}) });
  return { completed: keep(completed), failed: keep(failed) };
}

const SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

function keepAge(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,9})([smhd])$/.exec(text);
  const seconds = match ? Number(match[1]) * SECONDS[match[2]!]! : 0;
  if (!(seconds > 0)) throw new UsageError(`worker: --${flag} is a time such as 30m, 24h or 7d; got '${text}'`);
  return seconds;
}

/** `--rate <source>=<n>/s`, repeatable (DECISIONS D93). */
export function parseRates(given: readonly string[]): Record<string, { perSecond: number }> | undefined {
  if (given.length === 0) return undefined;
  const limits: Record<string, { perSecond: number }> = {};
  for (const text of given) {
    const match = /^([A-Za-z0-9_-]+)=(\d+(?:\.\d+)?)\/s$/.exec(text);
    const perSecond = match ? Number(match[2]) : 0;
    if (!match || !(perSecond > 0)) throw new UsageError(`worker: --rate is <source>=<n>/s with n above 0, e.g. meteringApi=50/s; got '${text}'`);
    if (limits[match[1]!]) throw new UsageError(`worker: --rate gives source ${match[1]!} twice`);
    limits[match[1]!] = { perSecond };
  }
  return limits;
}
