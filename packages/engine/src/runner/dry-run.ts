import { requestMethod } from '../sources/operation-index.js';
import { maskHeaders, maskJsonText, secretInputValues } from '../secrets/secret-policy.js';
import type { LoadedDocument } from '../load-document.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { buildOperationRequest } from './execute-operation.js';
import { loadInputsCompiler } from './inputs.js';
import type { WorkflowContext, WorkflowPlan } from './plan.js';
import { compiledDocumentOf, selectWorkflow } from './run.js';
import { checkServerOverrides } from './server-overrides.js';
import { LoomError } from '../errors.js';
import { createSecretRegistry, type SecretRegistry } from './secrets.js';
import { writeOwn } from '@loom/expressions/internal';

/** A request `loom run --dry-run` shows: what the first pass would send. */
export interface PlannedRequest {
  readonly workflowId: string;
  readonly stepId: string;
  readonly method: string;
  /** The URL; a value that only a run can know stays as its expression, `{$steps.login.outputs.id}`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A text body, as it would be sent. */
  readonly body?: string;
  /** Why the request could not be built (it would fail the step in a run). */
  readonly problem?: string;
}

/** Options of {@link planRequests}: those of {@link run} that decide what would be sent. */
export interface DryRunOptions {
  readonly workflowId?: string;
  readonly inputs?: unknown;
  readonly servers?: Readonly<Record<string, string>>;
  /** Default true (DECISIONS D21). False shows the real values (`loom run --dry-run --show-secrets`). */
  readonly maskSecrets?: boolean;
}

/** Nested workflow steps are followed this deep at most (a workflow may call itself). */
const MAX_DEPTH = 16;

/**
 * The requests the first pass of a workflow would send, in step order, with the inputs
 * substituted and nothing sent: dependencies first (D15), workflow steps followed into their
 * workflow (D8), every step once (no actions: what a step leads to is only known from its response).
 * Secrets are masked (D21).
 * @throws LoomError as `run` does: `LOOM_ERR_INVALID`, `LOOM_ERR_USAGE`, `LOOM_ERR_INPUTS`.
 */
export async function planRequests(document: LoadedDocument | ResolvedDocument, options: DryRunOptions = {}): Promise<{ workflowId: string; requests: PlannedRequest[] }> {
  const compiled = compiledDocumentOf(document, options.workflowId);
  const plan = selectWorkflow(compiled, options.workflowId);
  checkServerOverrides(options.servers, compiled.openApiSourceNames);
  if (compiled.usesInputsCompiler) await loadInputsCompiler();
  const checked = plan.validateInputs(options.inputs);
  if (!checked.ok) throw new LoomError('LOOM_ERR_INPUTS', `inputs of workflow ${plan.workflowId} are invalid: ${checked.problems.join('; ')}`);
  const secrets = createSecretRegistry(secretInputValues(plan.inputsSchema, checked.inputs));
  const requests: PlannedRequest[] = [];
  await walk(plan, checked.inputs, { servers: options.servers ?? {}, secrets, requests, done: new Set() }, 0);
  const mask = (request: PlannedRequest): PlannedRequest => ({
    ...request,
    // Masked before and after the placeholders are made readable: decoding one must not
    // turn a partly encoded secret into a form the masker does not know.
    url: secrets.mask(keepPlaceholdersReadable(secrets.mask(request.url))),
    headers: maskHeaders(secrets.maskValue(request.headers)) as Record<string, string>,
    ...(request.body !== undefined ? { body: secrets.mask(maskJsonText(request.body)) } : {}),
    ...(request.problem !== undefined ? { problem: secrets.mask(request.problem) } : {}),
  });
  const readable = (request: PlannedRequest): PlannedRequest => ({ ...request, url: keepPlaceholdersReadable(request.url) });
  return { workflowId: plan.workflowId, requests: requests.map(options.maskSecrets === false ? readable : mask) };
}

interface Walk {
  readonly servers: Readonly<Record<string, string>>;
  readonly secrets: SecretRegistry;
  readonly requests: PlannedRequest[];
  readonly done: Set<WorkflowPlan>;
}

async function walk(plan: WorkflowPlan, inputs: Record<string, unknown>, state: Walk, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return;
  for (const dependency of plan.dependsOn) {
    const target = dependency();
    if (state.done.has(target)) continue;
    state.done.add(target);
    await walk(target, inputs, state, depth + 1);
  }
  const context: WorkflowContext = { inputs, steps: {}, workflows: {}, sourceDescriptions: plan.sourceDescriptions, self: plan.self, ...(plan.components ? { components: plan.components } : {}) };
  // DECISIONS D98: in the order a run takes them.
  for (let index = plan.firstIndex; index < plan.steps.length; index = plan.nextIndex[index]!) {
    const step = plan.steps[index]!;
    const target = step.target;
    if (target.kind === 'workflow') {
      const childInputs: Record<string, unknown> = {};
      for (const parameter of target.parameters) writeOwn(childInputs, parameter.name, parameter.value.preview(context));
      await walk(target.workflow(), childInputs, state, depth + 1);
      continue;
    }
    if (target.kind === 'message') {
      // An asynchronous step: the message a send would publish; a receive shows the channel it waits on.
      state.requests.push({ workflowId: plan.workflowId, stepId: step.stepId, ...(await import('./dry-run-message.js')).planMessage(target, context, state.servers, (secret) => state.secrets.add(secret)) });
      continue;
    }
    const method = requestMethod(target.operation);
    const built = await buildOperationRequest(target, context, state.servers, (value) => value.preview(context), (secret) => state.secrets.add(secret));
    if (built.ok) {
      // DECISIONS D32: what masking hides in one place is hidden everywhere.
      state.secrets.addSecretHeaders(built.headers);
      state.secrets.addSecretMembers(built.payload);
    }
    if (!built.ok) {
      state.requests.push({ workflowId: plan.workflowId, stepId: step.stepId, method, url: target.operation.path, headers: {}, problem: built.reason });
      continue;
    }
    state.requests.push({
      workflowId: plan.workflowId,
      stepId: step.stepId,
      method,
      url: built.url,
      headers: built.headers,
      ...(typeof built.body === 'string' ? { body: built.body } : built.body !== undefined ? { body: `(${built.body instanceof Uint8Array ? `${built.body.byteLength} bytes` : 'multipart form data'})` } : {}),
    });
  }
}

/** A `{$...}` placeholder in a path or query is percent-encoded like any value; show it as written. */
function keepPlaceholdersReadable(url: string): string {
  return url.replace(/%7B%24.*?%7D/g, (encoded) => {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  });
}
