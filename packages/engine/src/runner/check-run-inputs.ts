import { LoomError } from '../errors.js';
import type { LoadedDocument } from '../load-document.js';
import { secretInputValues } from '../secrets/secret-policy.js';
import { isInputsCompilerLoaded, loadInputsCompiler } from './inputs.js';
import { compiledDocumentOf, selectWorkflow } from './run.js';

/** What a run would start with: the workflow, its inputs with defaults applied, and which of them hold secrets (D21). */
export interface CheckedRunInputs {
  readonly workflowId: string;
  readonly inputs: Record<string, unknown>;
  /** The top-level inputs that hold a secret value at any depth (`format: password` or `writeOnly`, D21). */
  readonly secretInputNames: readonly string[];
}

/**
 * Everything `run` checks before it sends a request, without running: the workflow can run
 * (DECISIONS D53) and the inputs pass its schema. A run queued for later is refused now
 * rather than failing on a worker (`loom enqueue`).
 * @throws LoomError as `run` does: `LOOM_ERR_INVALID`, `LOOM_ERR_USAGE`, `LOOM_ERR_INPUTS`.
 */
export async function checkRunInputs(document: LoadedDocument, options: { readonly workflowId?: string; readonly inputs?: unknown }): Promise<CheckedRunInputs> {
  const compiled = compiledDocumentOf(document, options.workflowId);
  const plan = selectWorkflow(compiled, options.workflowId);
  if (compiled.usesInputsCompiler && !isInputsCompilerLoaded()) await loadInputsCompiler();
  const checked = plan.validateInputs(options.inputs);
  if (!checked.ok) throw new LoomError('LOOM_ERR_INPUTS', `inputs of workflow ${plan.workflowId} are invalid: ${checked.problems.join('; ')}`);
  const secretInputNames = Object.keys(checked.inputs).filter((name) => secretInputValues(plan.inputsSchema, { [name]: checked.inputs[name] }).length > 0);
  return { workflowId: plan.workflowId, inputs: checked.inputs, secretInputNames };
}
