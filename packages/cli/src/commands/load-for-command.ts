import { hasErrors, loadDocument, type LoadedDocument, type LoadOptions, type ResolvedDocument } from '@loom/engine';
import type { CommandContext } from '../command.js';
import { displayFileFor, formatDiagnosticLine } from '../reporters/diagnostics.js';

/**
 * Loads a document for a command that needs its resolved model (run, list, describe, graph):
 * warnings and errors go to stderr; `undefined` when the document has errors (the caller exits 2).
 */
export async function loadModelForCommand(
  file: string,
  context: CommandContext,
  options: Pick<LoadOptions, 'sourceOverrides' | 'offline' | 'allowHosts' | 'timeoutMs'> = {},
): Promise<{ loaded: LoadedDocument; model: ResolvedDocument } | undefined> {
  const loaded = await loadDocument(file, { ...options, cwd: context.cwd });
  const displayFile = displayFileFor(context.cwd);
  for (const diagnostic of loaded.diagnostics) {
    if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') {
      context.stderr.write(`${formatDiagnosticLine(diagnostic, displayFile, context.errorTerminal)}\n`);
    }
  }
  if (hasErrors(loaded.diagnostics) || !loaded.model) {
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    context.stderr.write(`loom: ${errors} error${errors === 1 ? '' : 's'} in the document; nothing was done\n`);
    return undefined;
  }
  return { loaded, model: loaded.model };
}
