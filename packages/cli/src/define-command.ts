import { parseCommandLine, type CommandLineOptions, type ParsedCommandLine } from './arguments.js';
import type { CommandContext, CommandOptions } from './command.js';
import { UsageError } from './usage-error.js';

/** A command as `main` runs it: the command line is parsed, `--help` and the file count handled, in one place. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly options: CommandOptions;
  execute(argv: readonly string[], context: CommandContext): Promise<number>;
}

export interface CommandSpec<O extends CommandLineOptions> {
  readonly summary: string;
  /** `--help` text: usage, options, exit codes and an example. */
  readonly help: string;
  readonly options: O;
  /** How many `<file>` arguments it takes; absent: the command checks its positionals itself. */
  readonly files?: 'one' | 'many';
  run(commandLine: ParsedCommandLine<O>, context: CommandContext): Promise<number>;
}

export function defineCommand<O extends CommandLineOptions & { readonly help: { readonly type: 'boolean' } }>(name: string, spec: CommandSpec<O>): Command {
  return {
    summary: spec.summary,
    help: spec.help,
    options: spec.options as CommandOptions,
    async execute(argv, context) {
      const commandLine = parseCommandLine(name, argv, spec.options);
      if ((commandLine.values as { help?: boolean }).help) {
        context.stdout.write(`${spec.help}\n`);
        return 0;
      }
      const count = commandLine.positionals.length;
      if (spec.files !== undefined && count === 0) throw new UsageError(`${name}: missing <file>; see loom ${name} --help`);
      if (spec.files === 'one' && count > 1) throw new UsageError(`${name}: expects exactly one <file>; see loom ${name} --help`);
      return spec.run(commandLine, context);
    },
  };
}
