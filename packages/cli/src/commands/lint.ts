import { expandFileArguments } from '../file-arguments.js';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { displayUrl } from '@loom/engine/internal';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { formatLintGithubActions } from '../reporters/lint-github-actions.js';
import { formatLintJson } from '../reporters/lint-json.js';
import { formatLintJunit } from '../reporters/lint-junit.js';
import type { LintReportInput } from '../reporters/lint-report.js';
import { formatLintSarif } from '../reporters/lint-sarif.js';
import { formatLintStylish } from '../reporters/lint-stylish.js';
import { formatLintText } from '../reporters/lint-text.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { cliVersion } from '../version.js';
import { documentAccess, documentAccessHelp, documentAccessOptions, documentTimeout, providedDocuments, providedDocumentsHelp, providedDocumentsOptions } from './document-access.js';
import { checkLintFixOptions, fixBeforeLint } from './lint-fix.js';

export const lintHelp = `Usage: loom lint <file...> [options]

Lints Arazzo 1.0.x and 1.1.x documents with Spectral: Spectral's Arazzo rules (its schema rule
replaced by Loom's, DECISIONS D23) plus Loom's rules: everything loom validate checks,
and unreachable steps, goto loops with no exit, undeclared or missing operation
parameters, request bodies that do not match their schema, count() in JSONPath
criteria (D4), secrets written as literals (D21) and literal $-strings (D22).

A ruleset file replaces the default ruleset, as in Spectral: --ruleset, else
.spectral.yml / .spectral.yaml / .spectral.json / .spectral.js in the working
directory. Use extends: ["@loom/spectral-ruleset"] in it to keep Loom's rules.

Options:
  -f, --format <name>                  Output format (default: stylish): stylish, text (Spectral's
                                       one line per problem), json (Spectral's JSON results), junit,
                                       sarif, github-actions (workflow annotations)
  --ruleset <file>                     Spectral ruleset to use
  -F, --fail-severity <level>          Lowest severity that makes the exit code 1: error, warn,
                                       info or hint (default: error)
  --fail-on <level>                    The same as --fail-severity
  -q, --quiet                          Errors only: warnings, infos and hints are neither
                                       printed nor counted
  --source <name>=<path|url>           Read source description <name> from another place (repeatable)
  --no-sources                         Do not load source descriptions
${providedDocumentsHelp(37)}
  --fix                                Fix the problems that have one certain fix in place first, as loom fix does
  --dry-run                            With --fix: print the fixes as a unified diff, write nothing, lint nothing
${documentAccessHelp(37)}
  --timeout <ms>                       Time limit for reading each remote document (default 30000)
  -h, --help                           Show this help

Each problem's code is its rule id: Loom's validation rules report the engine's ids,
as loom validate does (DECISIONS D51). Where one of Spectral's Arazzo rules and a
Loom rule report the same problem, it is reported once, by Loom (D50).

Exit codes: 0 no failures, 1 problems at or above the fail severity (default: errors),
2 usage error, unreadable file or invalid ruleset.

Example:
  loom lint examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml
  loom lint workflows/*.arazzo.yaml --format sarif > loom.sarif
  loom lint workflows/*.arazzo.yaml -f github-actions -F warn`;

const FORMATS = ['stylish', 'text', 'json', 'junit', 'sarif', 'github-actions'] as const;
type Format = (typeof FORMATS)[number];

/** Spectral's --fail-severity levels, lowest first reached last: a problem fails the run at or above the level. */
const FAIL_LEVELS = { error: ['error'], warn: ['error', 'warning'], info: ['error', 'warning', 'info'], hint: ['error', 'warning', 'info', 'hint'] } as const;
type FailLevel = keyof typeof FAIL_LEVELS;

const FORMATTERS: Readonly<Record<Format, (input: LintReportInput, context: CommandContext) => string>> = {
  stylish: (input, context) => formatLintStylish(input, context.terminal),
  text: formatLintText,
  json: formatLintJson,
  junit: formatLintJunit,
  sarif: formatLintSarif,
  'github-actions': formatLintGithubActions,
};

export const lintOptions = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  ruleset: { type: 'string' },
  'fail-on': { type: 'string' },
  'fail-severity': { type: 'string', short: 'F' },
  quiet: { type: 'boolean', short: 'q', default: false },
  source: { type: 'string', multiple: true },
  'no-sources': { type: 'boolean', default: false },
  fix: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  ...providedDocumentsOptions,
  ...documentAccessOptions,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function lintCommand({ values, positionals }: ParsedCommandLine<typeof lintOptions>, context: CommandContext): Promise<number> {
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`lint: --format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  const failOn = failLevel(values['fail-on'], values['fail-severity']);
  const sourceOverrides = parseAssignments('source', values.source);
  const reading = { ...documentAccess('lint', values), ...documentTimeout('lint', values.timeout) };
  const documents = providedDocuments(values);
  const fixing = { fix: values.fix, dryRun: values['dry-run'] };
  checkLintFixOptions(fixing, positionals, context.cwd);

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
  let notFixed = false;
  if (fixing.fix) {
    const fixed = await fixBeforeLint(readable, { ...fixing, format, load: { sourceOverrides, loadSources: !values['no-sources'], ...reading, ...documents } }, context);
    if (fixed.exit !== undefined) return readable.length < files.length ? 2 : fixed.exit;
    notFixed = fixed.failed;
  }
  // Spectral is heavy: loaded only when linting, never on the run / validate paths.
  const { loadLintRuleset, lintDocuments } = await import('@loom/spectral-ruleset');
  const { ruleset } = await loadLintRuleset({
    cwd: context.cwd,
    loadSources: !values['no-sources'],
    sourceOverrides,
    ...reading,
    ...documents,
    ...(values.ruleset ? { rulesetFile: values.ruleset } : {}),
  });
  const report = await lintDocuments(readable, ruleset, { cwd: context.cwd, ...reading });
  // Devices, FIFOs, files over the size cap: found while reading, reported like a missing file.
  for (const { message } of report.unreadable) context.stderr.write(`loom: lint: ${escapeControlCharacters(message)}\n`);
  // --quiet: what is not an error is neither printed nor counted.
  const diagnostics = values.quiet ? report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : report.diagnostics;
  const input: LintReportInput = {
    ...report,
    diagnostics,
    displayFile: (url) => displayUrl(url, context.cwd),
    ruleDescriptions: ruleDescriptionsOf(ruleset.rules, report.rules, diagnostics),
    toolVersion: cliVersion(),
  };
  const output = FORMATTERS[format](input, context);
  context.stdout.write(format === 'json' || format === 'sarif' ? escapeJsonControlCharacters(output) : output);
  const failing = diagnostics.some((diagnostic) => (FAIL_LEVELS[failOn] as readonly string[]).includes(diagnostic.severity));
  return readable.length < files.length || report.unreadable.length > 0 || notFixed ? 2 : failing ? 1 : 0;
}

/** --fail-on and Spectral's --fail-severity (-F) are one option: either, or both with the same level. */
function failLevel(failOn: string | undefined, failSeverity: string | undefined): FailLevel {
  if (failOn !== undefined && failSeverity !== undefined && failOn !== failSeverity) {
    throw new UsageError(`lint: --fail-on ${failOn} and --fail-severity ${failSeverity} disagree; give one`);
  }
  const level = failSeverity ?? failOn ?? 'error';
  if (!Object.hasOwn(FAIL_LEVELS, level)) throw new UsageError(`lint: --fail-severity must be one of ${Object.keys(FAIL_LEVELS).join(', ')}, got '${level}'`);
  return level as FailLevel;
}

/** Each reported code's description: its rule's, or (an engine rule id, D51) that of the Loom rule that reported it. */
function ruleDescriptionsOf(
  rules: Readonly<Record<string, { readonly description?: string | null }>>,
  ruleOfCode: ReadonlyMap<string, string>,
  diagnostics: readonly { readonly code: string }[],
): Map<string, string> {
  const descriptions = new Map<string, string>();
  for (const { code } of diagnostics) {
    const rule = Object.hasOwn(rules, code) ? rules[code] : rules[ruleOfCode.get(code) ?? ''];
    descriptions.set(code, rule?.description ?? code);
  }
  return descriptions;
}

async function unreadableReason(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'it is a folder' : undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  }
}
