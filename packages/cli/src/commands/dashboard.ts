import type { ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { escapeControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { queueLocation, queueLocationHelp, queueLocationOptions, withQueueErrors } from './queue-access.js';

export const dashboardHelp = `Usage: loom dashboard [options]

Serves the queue's web dashboard (Bull Board): runs waiting, delayed, active, completed and failed,
each with its data, progress and result; retry, promote or remove them from the page. Listens on
127.0.0.1 unless --host says otherwise; on any other address it asks for the password in
LOOM_DASHBOARD_PASSWORD (user loom, 12 characters or more). Runs until Ctrl-C or SIGTERM.

Options:
${queueLocationHelp}
  --port <n>                  Port to listen on (default 0: a free one, printed at start)
  --host <address>            Address to listen on (default 127.0.0.1)
  --read-only                 Only show runs: no retry, promote, clean or remove
  -h, --help                  Show this help

Exit codes: 0 stopped, 2 Redis unreachable, no password off loopback, or a bad command line.

Example:
  loom dashboard --port 3000`;

export const dashboardOptions = {
  ...queueLocationOptions,
  port: { type: 'string' },
  host: { type: 'string' },
  'read-only': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function dashboardCommand({ values, positionals }: ParsedCommandLine<typeof dashboardOptions>, context: CommandContext): Promise<number> {
  if (positionals.length > 0) throw new UsageError('dashboard: takes no arguments besides options; see loom dashboard --help');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`dashboard: --port is a port number from 0 to 65535, got '${values.port}'`);
  return withQueueErrors('dashboard', context, async () => {
    const { startDashboard } = await import('@loom/queue/dashboard');
    const password = context.env['LOOM_DASHBOARD_PASSWORD'];
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stopListening = context.onStopSignal(() => stop());
    try {
      const dashboard = await startDashboard({
        ...queueLocation(values, context),
        port,
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(password !== undefined && password !== '' ? { password } : {}),
        readOnly: values['read-only'],
      });
      context.stdout.write(`loom dashboard: ${escapeControlCharacters(dashboard.url)} (Ctrl-C to stop)\n`);
      await stopped;
      await dashboard.close();
      return 0;
    } finally {
      stopListening();
    }
  });
}
