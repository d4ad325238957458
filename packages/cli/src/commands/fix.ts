import { DEFAULT_MAX_FIX_ROUNDS, sortDiagnostics, type Diagnostic } from '@loom/engine';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { expandFileArguments } from '../file-arguments.js';
import { countDiagnostics, displayFileFor, formatDiagnosticLine, formatSummary } from '../reporters/diagnostics.js';
import { formatAppliedFix, formatFixDiff, formatFixSummary, formatSkippedFix } from '../reporters/fix-report.js';
import { escapeControlCharacters, escapeControlCharactersKeepingLayout, type Terminal } from '../terminal.js';
import { documentAccess, documentAccessHelp, documentAccessOptions, documentTimeout } from './document-access.js';
import { checkLocalFiles, fixFiles, type FileFixOutcome } from './fix-documents.js';

export const fixHelp = `Usage: loom fix <file...> [options]

Rewrites the problems of Arazzo documents that have one certain correction (the
dialect forms of runtime expressions, a bare operationId that only one of several
OpenAPI sources defines, ...), in place. Only the string values fixed change:
comments, key order, quoting style, indentation and line endings stay as they were.
Each file is checked again after fixing, and fixed again while new fixes appear
(${DEFAULT_MAX_FIX_ROUNDS} rounds at most). It prints one line per fix (file:line:col rule description),
then the problems left, as loom validate does.

A folder names every *.arazzo.yaml, *.arazzo.yml and *.arazzo.json under it, and a
quoted glob the files it matches (DECISIONS D54).

Only the local files given are written, each through a temporary file renamed over
it (its mode kept); never a source description, never a URL. A symbolic link or a
file with several hard links is not rewritten (DECISIONS D48). A file with nothing
to fix is not written at all.

Options:
  --dry-run                   Print the fixes as a unified diff on stdout, and the fix lines and
                              the problems the fixes would leave on stderr; write nothing
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
  --no-sources                Do not load source descriptions (fixes what the document alone shows)
${documentAccessHelp(28)}
  --timeout <ms>              Time limit for reading each remote document (default 30000)
  -h, --help                  Show this help

Exit codes: 0 no errors left, 1 errors left, 2 usage error, or a file that could
not be read or rewritten.

Example:
  loom fix examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --dry-run`;

export const fixOptions = {
  'dry-run': { type: 'boolean', default: false },
  source: { type: 'string', multiple: true },
  'no-sources': { type: 'boolean', default: false },
  ...documentAccessOptions,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function fixCommand({ values, positionals }: ParsedCommandLine<typeof fixOptions>, context: CommandContext): Promise<number> {
  const sourceOverrides = parseAssignments('source', values.source);
  const reading = { ...documentAccess('fix', values), ...documentTimeout('fix', values.timeout) };
  // DECISIONS D54: folders and quoted globs name documents too (a fix is written to a file, so no `-`).
  const files = (await expandFileArguments('fix', positionals, context.cwd, { stdin: false })).map((argument) => (argument.kind === 'path' ? argument.path : argument.name));
  checkLocalFiles('fix', files, context.cwd);
  const dryRun = values['dry-run'];
  const outcomes = await fixFiles(files, { load: { sourceOverrides, loadSources: !values['no-sources'], ...reading }, dryRun }, context);
  const displayFile = displayFileFor(context.cwd);

  // With --dry-run stdout is the diff alone (it applies with git apply or patch); the rest goes to stderr.
  const report = dryRun ? context.stderr : context.stdout;
  const reportTerminal = dryRun ? context.errorTerminal : context.terminal;
  if (dryRun) await writeDiffs(outcomes, context);
  writeFixLines(outcomes, { command: 'fix', stream: report, terminal: reportTerminal, dryRun }, context);

  const left = sortDiagnostics(outcomes.flatMap((outcome) => outcome.fixes?.diagnostics ?? []));
  for (const diagnostic of left) report.write(`${formatDiagnosticLine(diagnostic, displayFile, reportTerminal)}\n`);
  const checked = outcomes.filter((outcome) => outcome.fixes !== undefined).length;
  const counts = countDiagnostics(left);
  if (checked > 0) report.write(`${formatSummary(counts, checked, reportTerminal)}\n`);
  return exitCode(outcomes, left);
}

/** Exit code of `loom fix` and `loom lint --fix --dry-run`: 2 for a file not fixed, 1 for errors left. */
export function exitCode(outcomes: readonly FileFixOutcome[], left: readonly Diagnostic[]): number {
  return outcomes.some((outcome) => outcome.problem !== undefined) ? 2 : countDiagnostics(left).errors > 0 ? 1 : 0;
}

/** The unified diffs of the files a dry run would change, on stdout. */
export async function writeDiffs(outcomes: readonly FileFixOutcome[], context: CommandContext): Promise<void> {
  const displayFile = displayFileFor(context.cwd);
  for (const outcome of outcomes) {
    if (!outcome.fixes || !outcome.changed) continue;
    const diff = await formatFixDiff(displayFile(outcome.fixes.url), outcome.fixes.original, outcome.fixes.text);
    // A diff sent to a file or a pipe stays exact, so that it applies; on a terminal it is made safe to show.
    context.stdout.write(context.terminal.isTTY ? escapeControlCharactersKeepingLayout(diff) : diff);
  }
}

/** The files not fixed (stderr), then one line per fix made and per fix left out, then how many. */
export function writeFixLines(
  outcomes: readonly FileFixOutcome[],
  output: { readonly command: string; readonly stream: NodeJS.WritableStream; readonly terminal: Terminal; readonly dryRun: boolean },
  context: CommandContext,
): void {
  const displayFile = displayFileFor(context.cwd);
  for (const outcome of outcomes) if (outcome.problem !== undefined) context.stderr.write(`loom: ${output.command}: ${escapeControlCharacters(outcome.problem)}\n`);
  let fixes = 0;
  let files = 0;
  for (const outcome of outcomes) {
    if (!outcome.fixes) continue;
    for (const diagnostic of outcome.fixes.applied) output.stream.write(`${formatAppliedFix(diagnostic, displayFile, output.terminal)}\n`);
    for (const skipped of outcome.fixes.skipped) output.stream.write(`${formatSkippedFix(skipped, displayFile, output.terminal)}\n`);
    fixes += outcome.fixes.applied.length;
    if (outcome.changed) files++;
  }
  output.stream.write(`${formatFixSummary(fixes, files, output.dryRun)}\n`);
}
