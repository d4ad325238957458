import type { ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';
import { describeQueuedRun } from './queued-run-text.js';

export const statusHelp = `Usage: loom status <run-id> [options]

Shows a queued run: waiting, delayed, active (with the step in flight), completed (succeeded or
failed, with its outputs or the failing step), not carried out, or cancelled.

Options:
${queueLocationHelp}
  --json                      Print the run as a JSON object
  -h, --help                  Show this help

Exit codes: 0 shown, 2 no such run, Redis unreachable or bad command line.

Example:
  loom status launch-acme`;

export const statusOptions = {
  ...queueLocationOptions,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function statusCommand({ values, positionals }: ParsedCommandLine<typeof statusOptions>, context: CommandContext): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('status: expects exactly one <run-id>; see loom status --help');
  return withQueueErrors('status', context, async (queue) => {
    const run = await queue.getRun(positionals[0]!, queueLocation(values, context));
    context.stdout.write(values.json ? escapeJsonControlCharacters(`${JSON.stringify(run, null, 2)}\n`) : describeQueuedRun(run, context.terminal));
    return 0;
  });
}
