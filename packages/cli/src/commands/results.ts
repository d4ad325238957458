import type { QueuedRun } from '@loom/queue';
import type { ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { positiveIntegerOption } from '../inputs-option.js';
import { escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';
import { queuedRunLine } from './queued-run-text.js';

const STATES: readonly QueuedRun['state'][] = ['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled'];

export const resultsHelp = `Usage: loom results [options]

Lists queued runs, newest first: one line each (id, state, workflow, duration).

Options:
${queueLocationHelp}
  --status <state>            Only runs in this state: ${STATES.join(', ')} (repeatable)
  --since <when>              Only runs queued since: an ISO 8601 time, or a duration ago (90s, 15m, 2h, 7d)
  --limit <n>                 At most this many (default 100)
  --json                      Print a JSON array of runs
  -h, --help                  Show this help

Exit codes: 0 listed, 2 Redis unreachable or bad command line.

Example:
  loom results --status completed --since 1h`;

export const resultsOptions = {
  ...queueLocationOptions,
  status: { type: 'string', multiple: true },
  since: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function resultsCommand({ values, positionals }: ParsedCommandLine<typeof resultsOptions>, context: CommandContext): Promise<number> {
  if (positionals.length > 0) throw new UsageError('results: takes no arguments besides options; see loom results --help');
  for (const state of values.status ?? []) if (!STATES.includes(state as QueuedRun['state'])) throw new UsageError(`results: --status is one of ${STATES.join(', ')}, got '${state}'`);
  const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
  const limit = positiveIntegerOption('results', 'limit', values.limit);
  return withQueueErrors('results', context, async (queue) => {
    const runs = await queue.listRuns({
      ...queueLocation(values, context),
      ...(values.status ? { states: values.status as QueuedRun['state'][] } : {}),
      ...(since ? { since } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    context.stdout.write(values.json ? escapeJsonControlCharacters(`${JSON.stringify(runs, null, 2)}\n`) : runs.map((run) => queuedRunLine(run, context.terminal)).join(''));
    return 0;
  });
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO 8601 time, or a duration before `now` (`90s`, `15m`, `2h`, `7d`). */
export function parseSince(text: string, now: number): Date {
  const duration = /^(\d{1,9})([smhd])$/.exec(text);
  if (duration) return new Date(now - Number(duration[1]) * UNITS[duration[2]!]!);
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`results: --since is an ISO 8601 time or a duration such as 15m, 2h or 7d; got '${text}'`);
  return new Date(time);
}
