import type { ResolvedWorkflow } from '@loom/engine';
import { describeErrorGroups } from '@loom/engine/internal';
import { UsageError } from '../usage-error.js';
import type { CommandDocument } from './load-for-command.js';

/**
 * `--workflow <id>`, which may be left out when the document has exactly one workflow. DECISIONS D52:
 * a workflow with errors of its own is not shown; the refusal says where its errors are.
 */
export function selectWorkflowOption(command: string, document: CommandDocument, workflowId: string | undefined): ResolvedWorkflow {
  const { model, errors } = document;
  const ids = errors ? writtenWorkflowIds(document) : [...model.workflows.keys()];
  if (workflowId === undefined && ids.length !== 1) {
    throw new UsageError(`${command}: the document has ${ids.length} workflows; name one with --workflow (${ids.join(', ')})`);
  }
  const chosen = workflowId ?? ids[0]!;
  const workflow = model.workflows.get(chosen);
  if (workflow) return workflow;
  const own = errors?.ownErrors(chosen);
  if (own !== undefined && own.length > 0) {
    throw new UsageError(`${command}: workflow '${chosen}' has ${describeErrorGroups(own, { locations: true })}: loom validate ${document.file}`);
  }
  throw new UsageError(`${command}: no workflow '${chosen}' in the document; it has: ${ids.join(', ')}`);
}

/** The workflowIds as written, those with errors included. */
function writtenWorkflowIds(document: CommandDocument): string[] {
  // The document may have failed the schema: read as plain data.
  const workflows = (document.loaded.document as { workflows?: unknown } | undefined)?.workflows;
  if (!Array.isArray(workflows)) return [];
  return workflows.map((workflow) => (workflow as { workflowId?: unknown } | null)?.workflowId).filter((id): id is string => typeof id === 'string');
}
