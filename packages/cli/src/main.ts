import { isLoomError } from '@loom/engine';
import type { CommandContext } from './command.js';
import { defineCommand, type Command } from './define-command.js';
import { completionHelp, completionOptions, createCompletionCommand } from './commands/completion.js';
import { runCommand, runHelp, runOptions } from './commands/run.js';
import { formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './internal-error.js';
import { escapeControlCharacters } from './terminal.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

const commands: Readonly<Record<string, Command>> = {
  validate: defineCommand('validate', { summary: 'Check Arazzo documents against the spec and their sources', files: 'many', load: () => import('./commands/validate.js').then((m) => ({ run: m.validateCommand, options: m.validateOptions, help: m.validateHelp })) }),
  lint: defineCommand('lint', { summary: 'Lint Arazzo documents with Spectral and Loom rules', files: 'many', load: () => import('./commands/lint.js').then((m) => ({ run: m.lintCommand, options: m.lintOptions, help: m.lintHelp })) }),
  fix: defineCommand('fix', { summary: 'Rewrite the problems that have one certain fix, in place', files: 'many', load: () => import('./commands/fix.js').then((m) => ({ run: m.fixCommand, options: m.fixOptions, help: m.fixHelp })) }),
  run: defineCommand('run', { summary: 'Run a workflow against real HTTP APIs', files: 'one', load: async () => ({ run: runCommand, options: runOptions, help: runHelp }) }),
  test: defineCommand('test', { summary: 'Run every workflow of documents or folders as test cases, with CI reporters', files: 'many', load: () => import('./commands/test.js').then((m) => ({ run: m.testCommand, options: m.testOptions, help: m.testHelp })) }),
  replay: defineCommand('replay', { summary: 'Run a recorded trace again offline and report what differs', files: 'one', load: () => import('./commands/replay.js').then((m) => ({ run: m.replayCommand, options: m.replayOptions, help: m.replayHelp })) }),
  list: defineCommand('list', { summary: 'List the workflows of a document with their inputs', files: 'many', load: () => import('./commands/list.js').then((m) => ({ run: m.listCommand, options: m.listOptions, help: m.listHelp })) }),
  describe: defineCommand('describe', { summary: 'Show a workflow: inputs, steps, operations, outputs', files: 'one', load: () => import('./commands/describe.js').then((m) => ({ run: m.describeCommand, options: m.describeOptions, help: m.describeHelp })) }),
  graph: defineCommand('graph', { summary: "Draw a workflow's control flow as Mermaid or DOT", files: 'one', load: () => import('./commands/graph.js').then((m) => ({ run: m.graphCommand, options: m.graphOptions, help: m.graphHelp })) }),
  env: defineCommand('env', { summary: 'List the credentials and variables a run would read, and which are set', files: 'one', load: () => import('./commands/env.js').then((m) => ({ run: m.envCommand, options: m.envOptions, help: m.envHelp })) }),
  mcp: defineCommand('mcp', { summary: 'Serve workflows as Model Context Protocol tools (stdio or HTTP)', files: 'many', load: () => import('./commands/mcp.js').then((m) => ({ run: m.mcpCommand, options: m.mcpOptions, help: m.mcpHelp })) }),
  types: defineCommand('types', { summary: "Generate TypeScript types for workflows' inputs and outputs", files: 'one', load: () => import('./commands/generate-types.js').then((m) => ({ run: m.typesCommand, options: m.typesOptions, help: m.typesHelp })) }),
  enqueue: defineCommand('enqueue', { summary: 'Validate a run and queue it on Redis for loom workers', files: 'one', load: () => import('./commands/enqueue.js').then((m) => ({ run: m.enqueueCommand, options: m.enqueueOptions, help: m.enqueueHelp })) }),
  worker: defineCommand('worker', { summary: 'Carry out queued runs (many workers can share one Redis)', load: () => import('./commands/worker.js').then((m) => ({ run: m.workerCommand, options: m.workerOptions, help: m.workerHelp })) }),
  status: defineCommand('status', { summary: 'Show a queued run: its state, step in flight, outputs or failure', load: () => import('./commands/status.js').then((m) => ({ run: m.statusCommand, options: m.statusOptions, help: m.statusHelp })) }),
  results: defineCommand('results', { summary: 'List queued runs, newest first', load: () => import('./commands/results.js').then((m) => ({ run: m.resultsCommand, options: m.resultsOptions, help: m.resultsHelp })) }),
  cancel: defineCommand('cancel', { summary: 'Cancel a queued or running run', load: () => import('./commands/cancel.js').then((m) => ({ run: m.cancelCommand, options: m.cancelOptions, help: m.cancelHelp })) }),
  schedule: defineCommand('schedule', { summary: 'Queue runs of a workflow on a schedule (--every, --cron)', load: () => import('./commands/schedule.js').then((m) => ({ run: m.scheduleCommand, options: m.scheduleOptions, help: m.scheduleHelp })) }),
  dashboard: defineCommand('dashboard', { summary: "Serve the queue's web dashboard (Bull Board) on 127.0.0.1", load: () => import('./commands/dashboard.js').then((m) => ({ run: m.dashboardCommand, options: m.dashboardOptions, help: m.dashboardHelp })) }),
  completion: defineCommand('completion', {
    summary: 'Print a shell completion script (bash, zsh, fish)',
    load: async () => ({
      run: createCompletionCommand(() => Promise.all(Object.entries(commands).map(async ([name, command]) => ({ name, summary: command.summary, options: await command.options() })))),
      options: completionOptions,
      help: completionHelp,
    }),
  }),
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: loom <command> [options]

Loom parses, validates and runs Arazzo 1.0.x and 1.1.x workflow documents.

Commands:
${lines.join('\n')}

Options:
  -h, --help     Show help (also: loom <command> --help)
  -v, --version  Show the version

Example:
  loom validate examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml`;
}

/**
 * Runs the loom command line with everything of the process it reaches in `context`
 * (process-context.ts for the real one); resolves to the exit code: 0 ok, 1 failures found,
 * 2 usage or document errors, 70 a bug in Loom (reported as one line), 130/143 a run stopped by a signal.
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    context.stdout.write(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    context.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(commands).join(', ')}`);
    return await command.execute(rest, context);
  } catch (error) {
    if (error instanceof UsageError || isLoomError(error)) {
      // The message may quote a document, a server's answer or the command line.
      context.stderr.write(`loom: ${escapeControlCharacters(error.message)}\n`);
      return 2;
    }
    context.stderr.write(formatInternalError(error, isDebug(context.env)));
    return INTERNAL_ERROR_EXIT_CODE;
  }
}
