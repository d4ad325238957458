import { isLoomError, sortDiagnostics, validateDocument, type Diagnostic } from '@loom/engine';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { countDiagnostics, diagnosticToJson, displayFileFor, formatDiagnosticLine, formatSummary } from '../reporters/diagnostics.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { documentAccess, documentAccessHelp, documentAccessOptions, documentTimeout, providedDocuments, providedDocumentsHelp, providedDocumentsOptions } from './document-access.js';
import { expandFileArguments } from '../file-arguments.js';

export const validateHelp = `Usage: loom validate <file...> [options]

Checks Arazzo 1.0.x and 1.1.x documents: YAML/JSON syntax, the Arazzo JSON Schema, the
rules the schema cannot express, runtime expressions, and that every step's
operation resolves in its source descriptions.

<file> is a path or URL; a folder (every *.arazzo.yaml, *.arazzo.yml and
*.arazzo.json under it); a quoted glob ('workflows/**/*.arazzo.yaml'); or - (stdin).

Options:
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
  --format <text|json>        Output format (default: text)
  --no-sources                Do not load source descriptions (checks the document alone)
${providedDocumentsHelp(28)}
${documentAccessHelp(28)}
  --timeout <ms>              Time limit for reading each remote document (default 30000)
  -h, --help                  Show this help

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable file.

Example:
  loom validate examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml
  loom validate examples/spec/bnpl-arazzo.yaml --source BnplApi=examples/spec/bnpl-openapi.yaml --format json`;

export const validateOptions = {
  source: { type: 'string', multiple: true },
  format: { type: 'string', default: 'text' },
  'no-sources': { type: 'boolean', default: false },
  ...providedDocumentsOptions,
  ...documentAccessOptions,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function validateCommand({ values, positionals }: ParsedCommandLine<typeof validateOptions>, context: CommandContext): Promise<number> {
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`validate: --format must be text or json, got '${format}'`);
  const sourceOverrides = parseAssignments('source', values.source);
  const reading = { ...documentAccess('validate', values), ...documentTimeout('validate', values.timeout), ...providedDocuments(values) };

  const diagnostics: Diagnostic[] = [];
  // A file that cannot be checked at all (unreadable, or a --source it does not declare) is
  // reported with the others' results, and makes the exit code 2.
  const unchecked: Unchecked[] = [];
  const files = await expandFileArguments('validate', positionals, context.cwd, { stdin: context.stdin });
  for (const argument of files) {
    const file = argument.kind === 'stdin' ? argument.name : argument.path;
    const text = argument.kind === 'stdin' ? { text: argument.text } : {};
    try {
      diagnostics.push(...(await validateDocument(file, { sourceOverrides, cwd: context.cwd, loadSources: !values['no-sources'], ...reading, ...text })));
    } catch (error) {
      if (!isLoomError(error)) throw error;
      unchecked.push({ file, message: error.message, unreadable: error.code === 'LOOM_ERR_READ' });
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  const counts = countDiagnostics(sorted);
  const displayFile = displayFileFor(context.cwd);

  if (format === 'json') {
    const report = {
      valid: counts.errors === 0 && unchecked.length === 0,
      errors: counts.errors + unchecked.length,
      warnings: counts.warnings,
      diagnostics: [...unchecked.map(uncheckedToJson), ...sorted.map((diagnostic) => diagnosticToJson(diagnostic, displayFile))],
    };
    context.stdout.write(escapeJsonControlCharacters(`${JSON.stringify(report, null, 2)}\n`));
  } else {
    for (const { message } of unchecked) context.stderr.write(`loom: validate: ${escapeControlCharacters(message)}\n`);
    for (const diagnostic of sorted) context.stdout.write(`${formatDiagnosticLine(diagnostic, displayFile, context.terminal)}\n`);
    const checked = files.length - unchecked.length;
    if (checked > 0) context.stdout.write(`${formatSummary(counts, checked, context.terminal)}\n`);
  }
  return unchecked.length > 0 ? 2 : counts.errors > 0 ? 1 : 0;
}

interface Unchecked {
  readonly file: string;
  readonly message: string;
  readonly unreadable: boolean;
}

/** A file that could not be checked, in the JSON report's diagnostic shape: code `document-unreadable`, else `document-unchecked`. */
function uncheckedToJson({ file, message, unreadable }: Unchecked) {
  const code = unreadable ? 'document-unreadable' : 'document-unchecked';
  return { file, line: null, column: null, endLine: null, endColumn: null, severity: 'error', code, message, path: '' };
}
