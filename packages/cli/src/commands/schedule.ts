import { basename } from 'node:path';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { parseInputAssignments } from '../input-assignments.js';
import { readInputsOption } from '../inputs-option.js';
import { readCredentialOptions, readInputEnvironment } from '../credential-options.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { queueKey, queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';

export const scheduleHelp = `Usage: loom schedule <file> (--every <interval> | --cron <expr>) [options]
       loom schedule --list [options]
       loom schedule --remove <id> [options]

Queues a run of a workflow on a schedule (BullMQ job schedulers): validated now as by loom enqueue,
then queued every <interval> or at the times <expr> names, for loom worker processes to carry out.
Scheduling again under the same id replaces the schedule. A run of a document edited since it was
scheduled is refused by the workers: schedule it again.

Options:
  --every <interval>          A run every <interval>: 30s, 5m, 1h, 1d (at least 1s), or milliseconds
  --cron <expr>               A run at the times of a cron expression ("*/5 * * * *")
  --tz <zone>                 Time zone of --cron (default UTC)
  --id <id>                   The schedule's id (default: <file name>:<workflow>)
  --workflow <id>             The workflow to run (may be left out when the document has one)
  --inputs <file.json|->      Workflow inputs as a JSON object, from a file or stdin (-)
  --input <name>=<value>      One input, as for loom run (repeatable)
  --input-env <name>=<VAR>    One input from an environment variable, as for loom run (repeatable)
  --env-file <file>           Read environment variables from a dotenv file (repeatable; the real
                              environment wins)
  --server <source>=<url>     Send the requests of source description <source> to <url> (repeatable)
${documentAccessHelp(28)}
${queueLocationHelp}
  --list                      List the schedules
  --remove <id>               Remove a schedule
  --json                      Print JSON instead of text
  -h, --help                  Show this help

Exit codes: 0 done, 2 errors in the document or inputs, a bad interval or expression, Redis unreachable,
an unknown schedule to remove, or a bad command line.

Example:
  loom schedule examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --inputs examples/amberflo/inputs.json --every 1h --id hourly-launch-check`;

export const scheduleOptions = {
  every: { type: 'string' },
  cron: { type: 'string' },
  tz: { type: 'string' },
  id: { type: 'string' },
  workflow: { type: 'string' },
  inputs: { type: 'string' },
  input: { type: 'string', multiple: true },
  'input-env': { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  server: { type: 'string', multiple: true },
  ...documentAccessOptions,
  ...queueLocationOptions,
  list: { type: 'boolean', default: false },
  remove: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function scheduleCommand({ values, positionals }: ParsedCommandLine<typeof scheduleOptions>, context: CommandContext): Promise<number> {
  const modes = [values.list, values.remove !== undefined, positionals.length > 0].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('schedule: give a <file> to schedule, --list, or --remove <id>; see loom schedule --help');
  const location = queueLocation(values, context);
  if (values.list) {
    return withQueueErrors('schedule', context, async (queue) => {
      const schedules = await queue.listSchedules(location);
      context.stdout.write(
        values.json
          ? escapeJsonControlCharacters(`${JSON.stringify(schedules, null, 2)}\n`)
          : schedules.map((schedule) => `${escapeControlCharacters(schedule.scheduleId)}  ${schedule.cron !== undefined ? `cron ${escapeControlCharacters(schedule.cron)}` : `every ${schedule.everyMs} ms`}  workflow ${escapeControlCharacters(schedule.workflowId)}${schedule.next ? `  next ${schedule.next}` : ''}\n`).join(''),
      );
      return 0;
    });
  }
  if (values.remove !== undefined) {
    const id = values.remove;
    return withQueueErrors('schedule', context, async (queue) => {
      if (!(await queue.removeSchedule(id, location))) {
        context.stderr.write(`loom: schedule: no schedule '${escapeControlCharacters(id)}'\n`);
        return 2;
      }
      context.stdout.write(`${escapeControlCharacters(id)}: removed\n`);
      return 0;
    });
  }
  if (positionals.length > 1) throw new UsageError('schedule: expects exactly one <file>; see loom schedule --help');
  const file = positionals[0]!;
  if (file === '-') throw new UsageError('schedule: workers load the document from its path or URL, so it cannot come from stdin (-)');
  if ((values.every === undefined) === (values.cron === undefined)) throw new UsageError('schedule: give exactly one of --every and --cron');
  const everyMs = values.every === undefined ? undefined : parseInterval(values.every);
  if (values.tz !== undefined && values.cron === undefined) throw new UsageError('schedule: --tz goes with --cron');
  const fileInputs = await readInputsOption('schedule', values.inputs, context);
  const servers = parseAssignments('server', values.server);
  return withQueueErrors('schedule', context, async (queue) => {
    const document = await loadModelForCommand(file, context, documentAccess('schedule', values), { command: 'schedule', warningsCommand: 'lint' });
    if (!document) return 2;
    const { workflows } = document.model;
    const chosen = values.workflow !== undefined ? workflows.get(values.workflow) : workflows.size === 1 ? workflows.values().next().value : undefined;
    const { environment } = await readCredentialOptions(values, context, 'schedule');
    // As for loom run (D78): --inputs, then --input-env, then --input.
    const inputs = { ...fileInputs, ...readInputEnvironment(values['input-env'], environment, chosen?.inputsSchema, 'schedule'), ...parseInputAssignments(values.input, chosen?.inputsSchema) };
    const scheduleId = values.id ?? `${basename(file).replace(/[^A-Za-z0-9._~-]/g, '_')}.${chosen?.workflowId ?? values.workflow ?? 'workflow'}`;
    const schedule = await queue.scheduleRuns(document.loaded, {
      ...location,
      ...queueKey(queue, context),
      scheduleId,
      ...(everyMs !== undefined ? { everyMs } : { cron: values.cron! }),
      ...(values.tz !== undefined ? { timeZone: values.tz } : {}),
      ...(values.workflow !== undefined ? { workflowId: values.workflow } : {}),
      inputs,
      ...(Object.keys(servers).length > 0 ? { servers } : {}),
    });
    context.stdout.write(values.json ? escapeJsonControlCharacters(`${JSON.stringify(schedule)}\n`) : `${escapeControlCharacters(schedule.scheduleId)}: scheduled${schedule.next ? `; next run ${schedule.next}` : ''}\n`);
    return 0;
  });
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--every`: `30s`, `5m`, `1h`, `1d`, or a number of milliseconds; at least one second. */
export function parseInterval(text: string): number {
  const match = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(text);
  const value = match ? Number(match[1]) * UNITS[match[2] ?? 'ms']! : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1000) throw new UsageError(`schedule: --every is an interval of at least 1s such as 30s, 5m, 1h or 1d; got '${text}'`);
  return value;
}
