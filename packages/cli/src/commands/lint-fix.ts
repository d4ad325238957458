import type { LoadOptions } from '@loom/engine';
import type { CommandContext } from '../command.js';
import { UsageError } from '../usage-error.js';
import { checkLocalFiles, fixFiles } from './fix-documents.js';
import { exitCode, writeDiffs, writeFixLines } from './fix.js';

export interface LintFixOptions {
  readonly fix: boolean;
  readonly dryRun: boolean;
  /** The lint format: the fix lines go to stdout before a stylish report, else to stderr (stdout stays one JSON, JUnit or SARIF text). */
  readonly format: string;
  readonly load: Pick<LoadOptions, 'sourceOverrides' | 'loadSources' | 'offline' | 'allowHosts' | 'timeoutMs' | 'documents'>;
}

/** Checks `--fix` / `--dry-run` before any work. @throws UsageError */
export function checkLintFixOptions(options: Pick<LintFixOptions, 'fix' | 'dryRun'>, files: readonly string[], cwd: string): void {
  if (options.dryRun && !options.fix) throw new UsageError('lint: --dry-run goes with --fix');
  if (options.fix) checkLocalFiles('lint', files, cwd);
}

/**
 * `loom lint --fix`: fixes the files in place before they are linted (as `loom fix`).
 * With `--dry-run` the diff is all there is: `exit` is the command's exit code, and no lint follows.
 * `failed` says some file could not be fixed (the exit code becomes 2).
 */
export async function fixBeforeLint(files: readonly string[], options: LintFixOptions, context: CommandContext): Promise<{ exit?: number; failed: boolean }> {
  const outcomes = await fixFiles(files, { load: options.load, dryRun: options.dryRun }, context);
  const failed = outcomes.some((outcome) => outcome.problem !== undefined);
  if (options.dryRun) {
    await writeDiffs(outcomes, context);
    writeFixLines(outcomes, { command: 'lint', stream: context.stderr, terminal: context.errorTerminal, dryRun: true }, context);
    return { exit: exitCode(outcomes, outcomes.flatMap((outcome) => outcome.fixes?.diagnostics ?? [])), failed };
  }
  const toStdout = options.format === 'stylish';
  writeFixLines(outcomes, { command: 'lint', stream: toStdout ? context.stdout : context.stderr, terminal: toStdout ? context.terminal : context.errorTerminal, dryRun: false }, context);
  return { failed };
}
