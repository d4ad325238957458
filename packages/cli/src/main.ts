import { isLoomError } from '@loom/engine';
import type { Command, CommandContext, CommandOptions } from './command.js';
import { completionOptions, createCompletionCommand } from './commands/completion.js';
import { describeCommand, describeOptions } from './commands/describe.js';
import { graphCommand, graphOptions } from './commands/graph.js';
import { listCommand, listOptions } from './commands/list.js';
import { runCommand, runOptions } from './commands/run.js';
import { lintCommand, lintOptions } from './commands/lint.js';
import { typesCommand, typesOptions } from './commands/types.js';
import { validateCommand, validateOptions } from './commands/validate.js';
import { detectTerminal } from './terminal.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

const commands: Readonly<Record<string, { readonly run: Command; readonly summary: string; readonly options: CommandOptions }>> = {
  validate: { run: validateCommand, options: validateOptions, summary: 'Check Arazzo documents against the spec and their sources' },
  lint: { run: lintCommand, options: lintOptions, summary: 'Lint Arazzo documents with Spectral and Loom rules' },
  run: { run: runCommand, options: runOptions, summary: 'Run a workflow against real HTTP APIs' },
  list: { run: listCommand, options: listOptions, summary: 'List the workflows of a document with their inputs' },
  describe: { run: describeCommand, options: describeOptions, summary: 'Show a workflow: inputs, steps, operations, outputs' },
  graph: { run: graphCommand, options: graphOptions, summary: "Draw a workflow's control flow as Mermaid or DOT" },
  types: { run: typesCommand, options: typesOptions, summary: "Generate TypeScript types for workflows' inputs and outputs" },
  completion: {
    run: createCompletionCommand(() => Object.entries(commands).map(([name, command]) => ({ name, summary: command.summary, options: command.options }))),
    options: completionOptions,
    summary: 'Print a shell completion script (bash, zsh, fish)',
  },
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

/** Runs the loom command line; resolves to the process exit code (0 ok, 1 failures found, 2 usage or document errors). */
export async function main(argv: readonly string[], context: CommandContext = processContext()): Promise<number> {
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
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof UsageError || isLoomError(error)) {
      context.stderr.write(`loom: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function processContext(): CommandContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    terminal: detectTerminal(process.stdout),
    errorTerminal: detectTerminal(process.stderr),
  };
}
