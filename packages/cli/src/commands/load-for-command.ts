import { loadDocument, type LoadedDocument, type LoadOptions, type ResolvedDocument, type WorkflowErrors } from '@loom/engine';
import { describeErrorGroups, MAX_DOCUMENT_BYTES } from '@loom/engine/internal';
import type { CommandContext } from '../command.js';
import { STDIN_NAME } from '../file-arguments.js';
import { readStdin } from '../stdin.js';
import { countDiagnostics, displayFileFor, formatDiagnosticLine } from '../reporters/diagnostics.js';
import { escapeControlCharacters } from '../terminal.js';

/** A document as a command that shows or runs its workflows sees it. */
export interface CommandDocument {
  readonly loaded: LoadedDocument;
  /** Every workflow; or, when the document has errors, those free of errors of their own (DECISIONS D52). */
  readonly model: ResolvedDocument;
  /** Present when the document has errors: where they are. */
  readonly errors?: WorkflowErrors;
  /** The document as the user named it, for the `loom validate <file>` hint. */
  readonly file: string;
}

export interface ProblemLineOptions {
  /** The command, named in the message when nothing can be shown. */
  readonly command: string;
  /** The command that shows the problems in full (`validate` for list/describe/graph/types, `lint` for run's warnings). */
  readonly warningsCommand?: 'validate' | 'lint';
  /** Print every warning in full instead of counting them (`loom run --verbose`). */
  readonly verbose?: boolean;
}

/**
 * Loads a document for a command that needs its resolved model (run, list, describe, graph, types).
 * DECISIONS D52: problems elsewhere do not stop the command: they are counted on one stderr line
 * ("3 errors in the OpenAPI file petstore.yaml, 1 in workflow 'b': loom validate flow.arazzo.yaml");
 * `undefined` (the caller exits 2) only when no workflow can be shown, after every error is printed.
 */
export async function loadModelForCommand(
  file: string,
  context: CommandContext,
  options: Pick<LoadOptions, 'sourceOverrides' | 'offline' | 'allowHosts' | 'timeoutMs' | 'text' | 'tls' | 'documents'> = {},
  lineOptions: ProblemLineOptions,
): Promise<CommandDocument | undefined> {
  // DECISIONS D54: `-` is one document on stdin, capped like every read.
  if (file === '-' && options.text === undefined) {
    const text = await readStdin(context.stdin, MAX_DOCUMENT_BYTES, `${lineOptions.command}: -`);
    return loadModelForCommand(STDIN_NAME, context, { ...options, text }, lineOptions);
  }
  const loaded = await loadDocument(file, { ...options, cwd: context.cwd });
  // A document from stdin is checked again with `loom validate -`.
  const hintFile = options.text !== undefined ? '-' : file;
  const displayFile = displayFileFor(context.cwd);
  const model = loaded.model ?? loaded.partial?.model;
  if (!model) {
    for (const diagnostic of loaded.diagnostics) {
      if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') {
        context.stderr.write(`${formatDiagnosticLine(diagnostic, displayFile, context.errorTerminal)}\n`);
      }
    }
    const where = loaded.partial ? describeErrorGroups(loaded.partial.errors.groups) : `${countDiagnostics(loaded.diagnostics).errors} errors in ${file}`;
    context.stderr.write(`loom: ${lineOptions.command}: ${escapeControlCharacters(where)}; nothing was done\n`);
    return undefined;
  }
  const warnings = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
  if (lineOptions.verbose) {
    for (const warning of warnings) context.stderr.write(`${formatDiagnosticLine(warning, displayFile, context.errorTerminal)}\n`);
  }
  const line = problemLine(loaded, hintFile, lineOptions.verbose ? 0 : warnings.length, lineOptions.warningsCommand ?? 'validate');
  if (line !== undefined) context.stderr.write(`${escapeControlCharacters(line)}\n`);
  return { loaded, model, file: hintFile, ...(loaded.partial ? { errors: loaded.partial.errors } : {}) };
}

/**
 * The one line about a usable document's problems: its errors by place and its warnings, each with the
 * command that shows them ("1 error in workflow 'b': loom validate f.yaml; 4 warnings: loom lint f.yaml").
 */
function problemLine(loaded: LoadedDocument, file: string, warnings: number, warningsCommand: 'validate' | 'lint'): string | undefined {
  const parts: string[] = [];
  if (loaded.partial) parts.push(`${describeErrorGroups(loaded.partial.errors.groups)}: loom validate ${file}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}: loom ${warningsCommand} ${file}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
