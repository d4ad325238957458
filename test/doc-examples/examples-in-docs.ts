/**
 * Finds the examples the documentation shows a user: the fenced code blocks of every
 * README and the `Example:` section of every `--help`. Pure text in, examples out;
 * the test runs them.
 */

export interface CodeBlock {
  /** Where the block is, for messages: `README.md:46`. */
  readonly where: string;
  /** The info string after the opening fence: `sh`, `ts`, `js`, `yaml`, ... */
  readonly language: string;
  readonly text: string;
}

export interface ShellCommand {
  readonly where: string;
  /** The command as a user would type it, continuation lines joined with their `\`. */
  readonly command: string;
}

/** The fenced code blocks of a Markdown text, with the line of their first content line. */
export function fencedBlocks(markdown: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)\s*$/.exec(lines[index]!);
    if (!open) continue;
    const from = index + 1;
    let to = from;
    while (to < lines.length && !lines[to]!.startsWith('```')) to++;
    blocks.push({ where: `${file}:${from + 1}`, language: open[1]!, text: lines.slice(from, to).join('\n') });
    index = to;
  }
  return blocks;
}

/**
 * The commands of a shell block: comment lines and blank lines dropped, a line ending
 * in `\` joined with the next (kept as typed, so bash reads it the same way).
 */
export function shellCommands(block: CodeBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const [file, firstLine] = splitWhere(block.where);
  const lines = block.text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const start = index;
    let command = line;
    while (command.endsWith('\\') && index + 1 < lines.length) command += `\n${lines[++index]!}`;
    commands.push({ where: `${file}:${firstLine + start}`, command });
  }
  return commands;
}

/**
 * The examples of a `--help` text: every line after `Example:` / `Examples:` is a shell
 * command (with its `\` continuations), except `// then: <TypeScript>` lines, which show
 * code to write after the command before them.
 */
export function helpExamples(help: string, command: string): { commands: ShellCommand[]; typescript: ShellCommand[] } {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => /^Examples?:\s*$/.test(line));
  const commands: ShellCommand[] = [];
  const typescript: ShellCommand[] = [];
  if (start < 0) return { commands, typescript };
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    const where = `loom ${command} --help`;
    if (line === '') continue;
    if (line.startsWith('//')) {
      if (line.startsWith('// then:')) typescript.push({ where, command: line.slice('// then:'.length).trim() });
      continue;
    }
    let text = line;
    while (text.endsWith('\\') && index + 1 < lines.length) text += `\n${lines[++index]!.trim()}`;
    commands.push({ where, command: text });
  }
  return { commands, typescript };
}

function splitWhere(where: string): [string, number] {
  const colon = where.lastIndexOf(':');
  return [where.slice(0, colon), Number(where.slice(colon + 1))];
}
