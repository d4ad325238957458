import { parseCommandLine, type CommandLineOptions, type ParsedCommandLine } from './arguments.js';
import type { CommandContext, CommandOptions } from './command.js';
import { UsageError } from './usage-error.js';

/** A command as `main` runs it: the command line is parsed, `--help` and the file count handled, in one place. */
export interface Command {
  readonly summary: string;
  /** The command's options (loads its module): for shell completion. */
  options(): Promise<CommandOptions>;
  execute(argv: readonly string[], context: CommandContext): Promise<number>;
}

/** What a command's module provides. */
export interface CommandModule<O extends CommandLineOptions> {
  /** `--help` text: usage, options, exit codes and an example. */
  readonly help: string;
  readonly options: O;
  run(commandLine: ParsedCommandLine<O>, context: CommandContext): Promise<number>;
}

export interface CommandSpec<O extends CommandLineOptions> {
  readonly summary: string;
  /** How many `<file>` arguments it takes; absent: the command checks its positionals itself. */
  readonly files?: 'one' | 'many';
  /**
   * The command's module. A dynamic import for every command but `run`, so that a process loads the code of
   * the one command it runs (packages/cli/test/cold-start-modules.test.ts counts what `loom run` loads).
   */
  load(): Promise<CommandModule<O>>;
}

export function defineCommand<O extends CommandLineOptions & { readonly help: { readonly type: 'boolean' } }>(name: string, spec: CommandSpec<O>): Command {
  return {
    summary: spec.summary,
    options: async () => (await spec.load()).options as CommandOptions,
    async execute(argv, context) {
      const module = await spec.load();
      const commandLine = parseCommandLine(name, argv, module.options);
      if ((commandLine.values as { help?: boolean }).help) {
        context.stdout.write(`${module.help}\n`);
        return 0;
      }
      const count = commandLine.positionals.length;
      if (spec.files !== undefined && count === 0) throw new UsageError(`${name}: missing <file>; see loom ${name} --help`);
      if (spec.files === 'one' && count > 1) throw new UsageError(`${name}: expects exactly one <file>; see loom ${name} --help`);
      return module.run(commandLine, context);
    },
  };
}
