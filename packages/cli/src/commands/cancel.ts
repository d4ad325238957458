import type { ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { escapeControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';

export const cancelHelp = `Usage: loom cancel <run-id> [options]

Cancels a queued run: a waiting or delayed run is removed; an active run is stopped on the worker
that carries it out (its request in flight is aborted) and ends as cancelled. A finished run is
left as it is.

Options:
${queueLocationHelp}
  -h, --help                  Show this help

Exit codes: 0 cancelled (or finished already), 2 no such run, Redis unreachable or bad command line.

Example:
  loom cancel launch-acme`;

export const cancelOptions = {
  ...queueLocationOptions,
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function cancelCommand({ values, positionals }: ParsedCommandLine<typeof cancelOptions>, context: CommandContext): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('cancel: expects exactly one <run-id>; see loom cancel --help');
  const runId = positionals[0]!;
  return withQueueErrors('cancel', context, async (queue) => {
    const state = await queue.cancelRun(runId, queueLocation(values, context));
    const what = state === 'waiting' || state === 'delayed' ? `removed (it was ${state})` : state === 'active' ? 'cancelled on its worker' : `not changed: it is ${state} already`;
    context.stdout.write(`${escapeControlCharacters(runId)}: ${what}\n`);
    return 0;
  });
}
