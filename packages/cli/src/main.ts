import { isLoomError } from '@loom/engine';
import type { CommandContext } from './command.js';
import { defineCommand, type Command } from './define-command.js';
import { completionHelp, completionOptions, createCompletionCommand } from './commands/completion.js';
import { describeCommand, describeHelp, describeOptions } from './commands/describe.js';
import { envCommand, envHelp, envOptions } from './commands/env.js';
import { fixCommand, fixHelp, fixOptions } from './commands/fix.js';
import { graphCommand, graphHelp, graphOptions } from './commands/graph.js';
import { listCommand, listHelp, listOptions } from './commands/list.js';
import { mcpCommand, mcpHelp, mcpOptions } from './commands/mcp.js';
import { runCommand, runHelp, runOptions } from './commands/run.js';
import { lintCommand, lintHelp, lintOptions } from './commands/lint.js';
import { typesCommand, typesHelp, typesOptions } from './commands/generate-types.js';
import { testCommand, testHelp, testOptions } from './commands/test.js';
import { replayCommand, replayHelp, replayOptions } from './commands/replay.js';
import { validateCommand, validateHelp, validateOptions } from './commands/validate.js';
import { enqueueCommand, enqueueHelp, enqueueOptions } from './commands/enqueue.js';
import { workerCommand, workerHelp, workerOptions } from './commands/worker.js';
import { statusCommand, statusHelp, statusOptions } from './commands/status.js';
import { resultsCommand, resultsHelp, resultsOptions } from './commands/results.js';
import { cancelCommand, cancelHelp, cancelOptions } from './commands/cancel.js';
import { scheduleCommand, scheduleHelp, scheduleOptions } from './commands/schedule.js';
import { dashboardCommand, dashboardHelp, dashboardOptions } from './commands/dashboard.js';
import { formatInternalError, INTERNAL_ERROR_EXIT_CODE, isDebug } from './internal-error.js';
import { escapeControlCharacters } from './terminal.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

const commands: Readonly<Record<string, Command>> = {
  validate: defineCommand('validate', { run: validateCommand, options: validateOptions, help: validateHelp, files: 'many', summary: 'Check Arazzo documents against the spec and their sources' }),
  lint: defineCommand('lint', { run: lintCommand, options: lintOptions, help: lintHelp, files: 'many', summary: 'Lint Arazzo documents with Spectral and Loom rules' }),
  fix: defineCommand('fix', { run: fixCommand, options: fixOptions, help: fixHelp, files: 'many', summary: 'Rewrite the problems that have one certain fix, in place' }),
  run: defineCommand('run', { run: runCommand, options: runOptions, help: runHelp, files: 'one', summary: 'Run a workflow against real HTTP APIs' }),
  test: defineCommand('test', { run: testCommand, options: testOptions, help: testHelp, files: 'many', summary: 'Run every workflow of documents or folders as test cases, with CI reporters' }),
  replay: defineCommand('replay', { run: replayCommand, options: replayOptions, help: replayHelp, files: 'one', summary: 'Run a recorded trace again offline and report what differs' }),
  list: defineCommand('list', { run: listCommand, options: listOptions, help: listHelp, files: 'many', summary: 'List the workflows of a document with their inputs' }),
  describe: defineCommand('describe', { run: describeCommand, options: describeOptions, help: describeHelp, files: 'one', summary: 'Show a workflow: inputs, steps, operations, outputs' }),
  graph: defineCommand('graph', { run: graphCommand, options: graphOptions, help: graphHelp, files: 'one', summary: "Draw a workflow's control flow as Mermaid or DOT" }),
  env: defineCommand('env', { run: envCommand, options: envOptions, help: envHelp, files: 'one', summary: 'List the credentials and variables a run would read, and which are set' }),
  mcp: defineCommand('mcp', { run: mcpCommand, options: mcpOptions, help: mcpHelp, files: 'many', summary: 'Serve workflows as Model Context Protocol tools (stdio or HTTP)' }),
  types: defineCommand('types', { run: typesCommand, options: typesOptions, help: typesHelp, files: 'one', summary: "Generate TypeScript types for workflows' inputs and outputs" }),
  enqueue: defineCommand('enqueue', { run: enqueueCommand, options: enqueueOptions, help: enqueueHelp, files: 'one', summary: 'Validate a run and queue it on Redis for loom workers' }),
  worker: defineCommand('worker', { run: workerCommand, options: workerOptions, help: workerHelp, summary: 'Carry out queued runs (many workers can share one Redis)' }),
  status: defineCommand('status', { run: statusCommand, options: statusOptions, help: statusHelp, summary: 'Show a queued run: its state, step in flight, outputs or failure' }),
  results: defineCommand('results', { run: resultsCommand, options: resultsOptions, help: resultsHelp, summary: 'List queued runs, newest first' }),
  cancel: defineCommand('cancel', { run: cancelCommand, options: cancelOptions, help: cancelHelp, summary: 'Cancel a queued or running run' }),
  schedule: defineCommand('schedule', { run: scheduleCommand, options: scheduleOptions, help: scheduleHelp, summary: 'Queue runs of a workflow on a schedule (--every, --cron)' }),
  dashboard: defineCommand('dashboard', { run: dashboardCommand, options: dashboardOptions, help: dashboardHelp, summary: "Serve the queue's web dashboard (Bull Board) on 127.0.0.1" }),
  completion: defineCommand('completion', {
    run: createCompletionCommand(() => Object.entries(commands).map(([name, command]) => ({ name, summary: command.summary, options: command.options }))),
    options: completionOptions,
    help: completionHelp,
    summary: 'Print a shell completion script (bash, zsh, fish)',
  }),
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: loom <command> [options]

Loom parses, validates and runs Arazzo 1.0.x workflow documents.

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
