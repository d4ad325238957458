import { expandFileArguments } from '../file-arguments.js';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { displayUrl } from '@loom/engine';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { formatLintJson } from '../reporters/lint-json.js';
import { formatLintJunit } from '../reporters/lint-junit.js';
import type { LintReportInput } from '../reporters/lint-report.js';
import { formatLintSarif } from '../reporters/lint-sarif.js';
import { formatLintStylish } from '../reporters/lint-stylish.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { cliVersion } from '../version.js';
import { documentAccess, documentAccessHelp, documentAccessOptions, documentTimeout } from './document-access.js';

export const lintHelp = `Usage: loom lint <file...> [options]

Lints Arazzo 1.0.x documents with Spectral: Spectral's Arazzo rules (its schema rule
replaced by Loom's, DECISIONS D23) plus Loom's rules: everything loom validate checks,
and unreachable steps, goto loops with no exit, undeclared or missing operation
parameters, request bodies that do not match their schema, count() in JSONPath
criteria (D4), secrets written as literals (D21) and literal $-strings (D22).

A ruleset file replaces the default ruleset, as in Spectral: --ruleset, else
.spectral.yml / .spectral.yaml / .spectral.json / .spectral.js in the working
directory. Use extends: ["@loom/spectral-ruleset"] in it to keep Loom's rules.

Options:
  --format <stylish|json|junit|sarif>  Output format (default: stylish)
  --ruleset <file>                     Spectral ruleset to use
  --fail-on <error|warn>               Lowest severity that makes the exit code 1 (default: error)
  --source <name>=<path|url>           Read source description <name> from another place (repeatable)
  --no-sources                         Do not load source descriptions
${documentAccessHelp(37)}
  --timeout <ms>                       Time limit for reading each remote document (default 30000)
  -h, --help                           Show this help

Exit codes: 0 no failures, 1 errors found (or warnings with --fail-on warn),
2 usage error, unreadable file or invalid ruleset.

Example:
  loom lint examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml
  loom lint workflows/*.arazzo.yaml --format sarif > loom.sarif`;

const FORMATS = ['stylish', 'json', 'junit', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const lintOptions = {
  format: { type: 'string', default: 'stylish' },
  ruleset: { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  source: { type: 'string', multiple: true },
  'no-sources': { type: 'boolean', default: false },
  ...documentAccessOptions,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function lintCommand({ values, positionals }: ParsedCommandLine<typeof lintOptions>, context: CommandContext): Promise<number> {
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`lint: --format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warn') throw new UsageError(`lint: --fail-on must be error or warn, got '${failOn}'`);
  const sourceOverrides = parseAssignments('source', values.source);
  const reading = { ...documentAccess('lint', values), ...documentTimeout('lint', values.timeout) };

  // An unreadable file is reported before Spectral is loaded (that takes a second or two);
  // the other files are still linted, and the exit code is 2.
  const readable: string[] = [];
  // Folders and globs name their documents (DECISIONS D54).
  const files = (await expandFileArguments('lint', positionals, context.cwd, { stdin: false })).map((argument) => (argument.kind === 'path' ? argument.path : argument.name));
  for (const file of files) {
    const problem = await unreadableReason(resolve(context.cwd, file));
    if (problem === undefined) readable.push(file);
    else context.stderr.write(`loom: lint: cannot read ${escapeControlCharacters(file)}: ${problem}\n`);
  }
  if (readable.length === 0) return 2;
  // Spectral is heavy: loaded only when linting, never on the run / validate paths.
  const { loadLintRuleset, lintDocuments } = await import('@loom/spectral-ruleset');
  const { ruleset } = await loadLintRuleset({
    cwd: context.cwd,
    loadSources: !values['no-sources'],
    sourceOverrides,
    ...reading,
    ...(values.ruleset ? { rulesetFile: values.ruleset } : {}),
  });
  const report = await lintDocuments(readable, ruleset, { cwd: context.cwd, ...reading });
  // Devices, FIFOs, files over the size cap: found while reading, reported like a missing file.
  for (const { message } of report.unreadable) context.stderr.write(`loom: lint: ${escapeControlCharacters(message)}\n`);
  const input: LintReportInput = {
    ...report,
    displayFile: (url) => displayUrl(url, context.cwd),
    ruleDescriptions: new Map(Object.entries(ruleset.rules).map(([id, rule]) => [id, rule.description ?? id])),
    toolVersion: cliVersion(),
  };
  const output =
    format === 'json' ? formatLintJson(input) : format === 'junit' ? formatLintJunit(input) : format === 'sarif' ? formatLintSarif(input) : formatLintStylish(input, context.terminal);
  context.stdout.write(format === 'json' || format === 'sarif' ? escapeJsonControlCharacters(output) : output);
  const failing = report.diagnostics.some((diagnostic) => diagnostic.severity === 'error' || (failOn === 'warn' && diagnostic.severity === 'warning'));
  return readable.length < files.length || report.unreadable.length > 0 ? 2 : failing ? 1 : 0;
}

async function unreadableReason(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'it is a folder' : undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  }
}
