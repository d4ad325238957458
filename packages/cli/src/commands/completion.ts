import type { CommandContext, CommandOptions } from '../command.js';
import type { ParsedCommandLine } from '../arguments.js';
import { UsageError } from '../usage-error.js';

export const completionHelp = `Usage: loom completion <bash|zsh|fish>

Prints a shell completion script for loom's commands and options.

Example:
  mkdir -p ~/.local/share/bash-completion/completions && loom completion bash > ~/.local/share/bash-completion/completions/loom
  mkdir -p ~/.zfunc && loom completion zsh > ~/.zfunc/_loom      # and in ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit
  mkdir -p ~/.config/fish/completions && loom completion fish > ~/.config/fish/completions/loom.fish`;

export const completionOptions = {
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

/** What completion needs to know of each command. */
export interface CompletionSpec {
  readonly name: string;
  readonly summary: string;
  readonly options: CommandOptions;
}

/** `run` of the completion command; `specs` lists the commands (the registry, which holds this one too). */
export function createCompletionCommand(specs: () => Promise<readonly CompletionSpec[]>) {
  return async ({ positionals }: ParsedCommandLine<typeof completionOptions>, context: CommandContext): Promise<number> => {
    const shell = positionals[0];
    if (positionals.length !== 1 || (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish')) {
      throw new UsageError('completion: expects one of bash, zsh, fish; see loom completion --help');
    }
    const commands = await specs();
    context.stdout.write(shell === 'bash' ? bashScript(commands) : shell === 'zsh' ? zshScript(commands) : fishScript(commands));
    return 0;
  };
}

function flagsOf(spec: CompletionSpec): string[] {
  return Object.entries(spec.options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

function bashScript(commands: readonly CompletionSpec[]): string {
  const cases = commands.map((spec) => `    ${spec.name}) opts="${flagsOf(spec).join(' ')}" ;;`).join('\n');
  return `# bash completion for loom
_loom() {
  local cur command opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  command="\${COMP_WORDS[1]}"
  if [ "\$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((spec) => spec.name).join(' ')} --help --version" -- "\$cur") )
    return
  fi
  case "\$command" in
${cases}
    *) opts="" ;;
  esac
  if [[ "\$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "\$opts" -- "\$cur") )
  else
    COMPREPLY=( $(compgen -f -- "\$cur") )
  fi
}
complete -o filenames -F _loom loom
`;
}

function zshScript(commands: readonly CompletionSpec[]): string {
  const names = commands.map((spec) => `    '${spec.name}:${spec.summary.replace(/'/g, "'\\''")}'`).join('\n');
  const cases = commands
    .map((spec) => `    ${spec.name}) _arguments ${Object.entries(spec.options).map(([name, option]) => `'--${name}${option.type === 'string' ? '=[value]:value:_files' : '[]'}'`).join(' ')} '*:file:_files' ;;`)
    .join('\n');
  return `#compdef loom
# zsh completion for loom
_loom() {
  local -a commands
  commands=(
${names}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _loom loom
`;
}

function fishScript(commands: readonly CompletionSpec[]): string {
  const lines = ['# fish completion for loom', 'complete -c loom -f'];
  for (const spec of commands) {
    lines.push(`complete -c loom -n '__fish_use_subcommand' -a ${spec.name} -d '${spec.summary.replace(/'/g, "\\'")}'`);
    for (const [name, option] of Object.entries(spec.options)) {
      lines.push(`complete -c loom -n '__fish_seen_subcommand_from ${spec.name}' -l ${name}${option.short ? ` -s ${option.short}` : ''}${option.type === 'string' ? ' -r -F' : ''}`);
    }
    lines.push(`complete -c loom -n '__fish_seen_subcommand_from ${spec.name}' -F`);
  }
  return `${lines.join('\n')}\n`;
}
