import type { ResolvedDocument, ResolvedWorkflow } from '@loom/engine';
import { UsageError } from '../usage-error.js';

/** `--workflow <id>`, which may be left out when the document has exactly one workflow. */
export function selectWorkflowOption(command: string, model: ResolvedDocument, workflowId: string | undefined): ResolvedWorkflow {
  const ids = [...model.workflows.keys()];
  if (workflowId === undefined) {
    if (ids.length === 1) return model.workflows.get(ids[0]!)!;
    throw new UsageError(`${command}: the document has ${ids.length} workflows; name one with --workflow (${ids.join(', ')})`);
  }
  const workflow = model.workflows.get(workflowId);
  if (!workflow) throw new UsageError(`${command}: no workflow '${workflowId}' in the document; it has: ${ids.join(', ')}`);
  return workflow;
}
