import { isXPathLoaded, preloadXPath } from '@loom/expressions';
import { LoomError } from '../errors.js';
import type { RunEventListener } from '../events/types.js';
import { executeWorkflow } from './execute-workflow.js';
import type { WorkflowPlan } from './plan.js';
import { httpClientFor, sendRequest, type HttpClient } from '../http/send.js';
import type { TlsOptions } from '../http/tls-options.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../http/types.js';
import { secretInputValues } from '../secrets/secret-policy.js';
import { createEventEmitter } from './run-events.js';
import { elapsed, type RunState, type StepRecord } from './run-state.js';
import { compileDocument, type CompiledDocument } from './compile-plan.js';
import type { LoadedDocument } from '../load-document.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { createSecretRegistry } from './secrets.js';
import { messageStepsReachable } from './message-steps.js';
import { checkCheckpoint, type DurableRunOptions } from './checkpoint.js';
import { isInputsCompilerLoaded, loadInputsCompiler } from './inputs.js';
import { checkServerOverrides } from './server-overrides.js';
import { DEFAULT_MAX_WORKFLOW_DEPTH } from './nesting-limit.js';
import { stringField, workflowsOf } from '../validate/document-walk.js';
import { describeErrorGroups } from '../validate/workflow-errors.js';
import { createCredentialStore } from '../credentials/credential-store.js';
import { isRecord } from '@loom/expressions/internal';
import type { Credentials } from '../credentials/types.js';

/** Time limits of one run. */
export interface RunTimeouts {
  /** Per request, headers and body (default 30 s). */
  readonly requestMs?: number;
  /** The whole run (default: none). */
  readonly runMs?: number;
  /** Cap on a retry delay, whether from Retry-After or retryAfter (DECISIONS D12; default 60 s). */
  readonly maxRetryDelayMs?: number;
}

/** Options of {@link run}. */
export interface RunOptions<TInputs = Record<string, unknown>> {
  /** May be left out when the document has exactly one workflow. */
  readonly workflowId?: string;
  readonly inputs?: TInputs;
  /** By source name: the server URL that replaces the OpenAPI servers of that source (DECISIONS D18). */
  readonly servers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** DECISIONS D17: the run fails once it has executed this many steps (default 1,000). */
  readonly maxSteps?: number;
  /** DECISIONS D28: the run stops when workflows (steps, goto, retry, dependsOn) nest deeper than this (default 32). */
  readonly maxWorkflowDepth?: number;
  readonly timeouts?: RunTimeouts;
  /** Cap on a response body (default 10 MiB). */
  readonly maxResponseBytes?: number;
  /** Observes the run; events are masked (DECISIONS D21) unless `maskEvents` is false, and cut off 1,000 levels deep (D33). */
  readonly onEvent?: RunEventListener;
  /** Default true. False gives listeners the real values (`loom run --show-secrets`). */
  readonly maskEvents?: boolean;
  /**
   * Mask secrets in the result too (outputs and error message), for results that will be
   * shown or stored (DECISIONS D21). Default false: embedding code gets the real values.
   */
  readonly maskSecrets?: boolean;
  /** Sends the requests; default: a pooled client shared by all runs in the process. */
  readonly httpClient?: HttpClient;
  /**
   * Credentials for the OpenAPI security schemes the workflow's operations declare, by source name, then
   * scheme name (DECISIONS D74, D75). They win over `credentialEnvironment`; every value is a secret (D21).
   */
  readonly credentials?: Credentials;
  /**
   * Environment variables to read credentials from, named `LOOM_<SOURCE>_<SCHEME>_<FIELD>` (DECISIONS D75);
   * `process.env` for `loom run`. Default: none (an embedding program's environment is not read unless given).
   */
  readonly credentialEnvironment?: Readonly<Record<string, string | undefined>>;
  /**
   * Inputs left to the credentials (DECISIONS D60): each an input of the workflow that carries nothing but
   * the credential of a security scheme (see {@link describeCredentialInputs}). They are not required, a
   * value given for one is not used, and the step parameters that would carry them are left out, so the
   * scheme's credential from `credentials` or `credentialEnvironment` applies (`loom mcp`).
   */
  readonly inputsFromCredentials?: readonly string[];
  /** DECISIONS D90: checkpoints after each step, resuming from one, suspending at long retry delays (`@loom/queue`). */
  readonly durable?: DurableRunOptions;
  /**
   * Client certificates and private CAs for the run's https requests (CLI `--client-cert`, `--ca`;
   * DECISIONS D79, D80). Runs given the same object share one connection pool. Ignored with `httpClient`.
   */
  readonly tls?: TlsOptions;
}

/** What {@link run} resolves to once the workflow has ended, whether it succeeded or failed. */
export interface RunResult<TOutputs = Record<string, unknown>> {
  readonly workflowId: string;
  /** `suspended` only for a durable run with `suspendDelaysOverMs` (DECISIONS D90): it goes on from its last checkpoint at `resumeAt`. */
  readonly status: 'success' | 'failure' | 'suspended';
  readonly outputs: TOutputs;
  /** One entry per step execution, in the order they ran. */
  readonly steps: readonly StepRecord[];
  /** DECISIONS D10: outputs that could not be resolved (left out of `outputs`), e.g. `workflow fetchPet output petName: step getPet has no output name`. */
  readonly warnings: readonly string[];
  readonly error?: { readonly message: string; readonly stepId?: string; readonly workflowId?: string };
  readonly durationMs: number;
  /** For a suspended run: when its retry may run (ms since the epoch). */
  readonly resumeAt?: number;
}

/** The default of `RunOptions.maxSteps` (DECISIONS D17). */
export const DEFAULT_MAX_STEPS = 1000;
/** The default of `RunTimeouts.maxRetryDelayMs` (DECISIONS D12). */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
export { DEFAULT_MAX_WORKFLOW_DEPTH };
/** The largest maxWorkflowDepth accepted: every level keeps its workflow's state until it ends. */
export const MAX_WORKFLOW_DEPTH_LIMIT = 1000;

/**
 * Runs one workflow of a compiled document. Throws LoomError only when nothing could
 * be run (unknown workflow or `servers` name: `LOOM_ERR_USAGE`; inputs that fail the schema: `LOOM_ERR_INPUTS`);
 * everything that happens once the run has started is in the result.
 */
export async function runCompiled<TOutputs = Record<string, unknown>>(
  compiled: CompiledDocument,
  options: RunOptions<unknown> = {},
): Promise<RunResult<TOutputs>> {
  const plan = selectWorkflow(compiled, options.workflowId);
  checkServerOverrides(options.servers, compiled.openApiSourceNames);
  const maxWorkflowDepth = options.maxWorkflowDepth ?? DEFAULT_MAX_WORKFLOW_DEPTH;
  if (!Number.isInteger(maxWorkflowDepth) || maxWorkflowDepth < 1 || maxWorkflowDepth > MAX_WORKFLOW_DEPTH_LIMIT) {
    throw new LoomError('LOOM_ERR_USAGE', `maxWorkflowDepth must be a whole number from 1 to ${MAX_WORKFLOW_DEPTH_LIMIT}, got ${String(maxWorkflowDepth)}`);
  }
  if (compiled.usesInputsCompiler && !isInputsCompilerLoaded()) await loadInputsCompiler();
  const checked = checkInputs(plan, options.inputs, options.inputsFromCredentials);
  if (!checked.ok) {
    throw new LoomError('LOOM_ERR_INPUTS', `inputs of workflow ${plan.workflowId} are invalid: ${checked.problems.join('; ')}`);
  }
  const signals = [options.signal, options.timeouts?.runMs !== undefined ? AbortSignal.timeout(options.timeouts.runMs) : undefined].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  const signal = signals.length === 1 ? signals[0]! : signals.length === 0 ? undefined : AbortSignal.any(signals);
  const secrets = createSecretRegistry([...secretInputValues(plan.inputsSchema, checked.inputs), ...credentialInputValues(plan, checked.inputs)]);
  const maskEvents = options.maskEvents ?? true;
  const warnings: string[] = [];
  const emit = options.onEvent ? createEventEmitter(options.onEvent, secrets, (warning) => warnings.push(warning), !maskEvents) : undefined;
  const resume = options.durable?.resumeFrom === undefined ? undefined : checkCheckpoint(options.durable.resumeFrom, plan.workflowId, plan.steps.map((step) => step.stepId));
  const requestTimeoutMs = options.timeouts?.requestMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // DECISIONS D27, D105: subscribed before the first step, so a reply that comes early is kept; a broker that is down stops the run here.
  // The messaging layer is loaded only for a run that may send or receive a message.
  const messages =
    messageStepsReachable(plan).length === 0
      ? undefined
      : await (await import('./message-session.js')).MessageSession.open(plan, checked.inputs, { servers: options.servers ?? {}, ...(signal ? { signal } : {}), onSecret: (value) => secrets.add(value) });
  const state: RunState = {
    settings: {
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
      maxWorkflowDepth,
      requestTimeoutMs,
      maxRetryDelayMs: options.timeouts?.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
      maxResponseBytes,
      servers: options.servers ?? {},
      ...(signal ? { signal } : {}),
    },
    // A resumed run's clock goes on from the checkpoint (DECISIONS D90).
    started: performance.now() - (resume?.elapsedMs ?? 0),
    stepsExecuted: resume?.stepsExecuted ?? 0,
    records: resume ? [...resume.records] : [],
    nesting: [],
    stopped: undefined,
    completed: completedOf(compiled, resume),
    succeededSteps: new Map(),
    workflows: resume ? { ...resume.workflows } as RunState['workflows'] : {},
    emit,
    secrets,
    collectSecrets: options.maskSecrets === true || (emit !== undefined && maskEvents),
    warnings,
    credentials: createCredentialStore(options.credentials, options.credentialEnvironment),
    client: options.httpClient ?? httpClientFor(options.tls) ?? defaultClient,
    ...(messages ? { messages } : {}),
    sendOptions: { timeoutMs: requestTimeoutMs, maxResponseBytes, ...(signal ? { signal } : {}) },
    signal,
    ...(options.durable
      ? { durable: { onCheckpoint: options.durable.onCheckpoint, suspendDelaysOverMs: options.durable.suspendDelaysOverMs ?? Infinity, resume, suspendedUntil: undefined } }
      : {}),
  };
  if (resume) warnings.push(...resume.warnings);
  // Loads fontoxpath ahead of the first xpath criterion, so criteria evaluate synchronously.
  if (compiled.usesXPath && !isXPathLoaded()) await preloadXPath();
  emit?.({ type: 'run.start', time: 0, workflowId: plan.workflowId, inputs: checked.inputs });
  let outcome: Awaited<ReturnType<typeof executeWorkflow>>;
  try {
    outcome = await executeWorkflow(plan, checked.inputs, state, 0, 'run');
  } finally {
    await messages?.close();
  }
  const durationMs = elapsed(state);
  const resumeAt = state.durable?.suspendedUntil;
  if (outcome.suspended && resumeAt !== undefined) {
    emit?.({ type: 'run.end', time: durationMs, workflowId: plan.workflowId, status: 'suspended', outputs: {}, durationMs });
    const suspended: RunResult<TOutputs> = { workflowId: plan.workflowId, status: 'suspended', outputs: {} as TOutputs, steps: state.records, warnings: [...state.warnings], durationMs, resumeAt };
    return options.maskSecrets ? secrets.maskValue(suspended) : suspended;
  }
  const error = outcome.error ? { message: outcome.error.message, ...(outcome.error.stepId ? { stepId: outcome.error.stepId } : {}), workflowId: outcome.error.workflowId } : undefined;
  emit?.({ type: 'run.end', time: durationMs, workflowId: plan.workflowId, status: outcome.status, outputs: outcome.outputs, durationMs, ...(error ? { error } : {}) });
  const result: RunResult<TOutputs> = {
    workflowId: plan.workflowId,
    status: outcome.status,
    outputs: outcome.outputs as TOutputs,
    steps: state.records,
    // A copy: a listener's rejection that settles after the run (D29) must not change a returned result.
    warnings: [...state.warnings],
    ...(error ? { error } : {}),
    durationMs,
  };
  return options.maskSecrets ? secrets.maskValue(result) : result;
}

/** DECISIONS D90, D15: the workflows a checkpoint says completed are not run again as dependencies. */
function completedOf(compiled: CompiledDocument, resume: { readonly completedWorkflows: Readonly<Record<string, 'success' | 'failure'>> } | undefined): RunState['completed'] {
  const completed: RunState['completed'] = new Map();
  if (!resume) return completed;
  for (const [workflowId, status] of Object.entries(resume.completedWorkflows)) {
    const plan = compiled.workflows.get(workflowId);
    if (plan) completed.set(plan, status);
  }
  return completed;
}

/** DECISIONS D60, D21: the values of the inputs a step sends as a scheme's credential are secrets from the start. */
function credentialInputValues(plan: WorkflowPlan, inputs: Readonly<Record<string, unknown>>): string[] {
  const values: string[] = [];
  for (const name of plan.credentialInputs.carriers()) {
    const value = Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined;
    if (typeof value === 'string' || typeof value === 'number') values.push(String(value));
  }
  return values;
}

/** The inputs checked against the workflow's schema; DECISIONS D60: without those left to the credentials. */
function checkInputs(plan: WorkflowPlan, inputs: unknown, fromCredentials: readonly string[] | undefined): ReturnType<WorkflowPlan['validateInputs']> {
  if (fromCredentials === undefined || fromCredentials.length === 0) return plan.validateInputs(inputs);
  const carrying = new Set(plan.credentialInputs.list().map((input) => input.name));
  const other = fromCredentials.filter((name) => !carrying.has(name));
  if (other.length > 0) {
    throw new LoomError('LOOM_ERR_USAGE', `inputsFromCredentials: input ${other.join(', ')} of workflow ${plan.workflowId} does not only carry a security scheme's credential`);
  }
  const left = new Set(fromCredentials);
  const given = isRecord(inputs) ? Object.fromEntries(Object.entries(inputs).filter(([name]) => !left.has(name))) : inputs;
  return plan.credentialInputs.validatorWithout(fromCredentials)(given);
}

const defaultClient: HttpClient = { send: sendRequest, close: async () => {} };

export function selectWorkflow(compiled: CompiledDocument, workflowId: string | undefined): WorkflowPlan {
  if (workflowId === undefined) {
    if (compiled.workflows.size === 1) return compiled.workflows.values().next().value!;
    throw new LoomError('LOOM_ERR_USAGE', `the document has ${compiled.workflows.size} workflows; name one (${[...compiled.workflows.keys()].join(', ')})`);
  }
  const plan = compiled.workflows.get(workflowId);
  if (!plan) throw new LoomError('LOOM_ERR_USAGE', `no workflow '${workflowId}' in the document; it has: ${[...compiled.workflows.keys()].join(', ')}`);
  return plan;
}

/**
 * Runs a workflow of a loaded document (see `loadDocument`) against real HTTP APIs.
 * The document is compiled once (cached), so running it again costs only the run.
 * @throws LoomError `LOOM_ERR_INVALID` when the workflow, or a workflow, component, source description or
 *   OpenAPI operation it reaches, has errors (DECISIONS D53: errors elsewhere in the document do not block;
 *   the message says where they are, `diagnostics` holds them),
 *   `LOOM_ERR_USAGE` for an unknown or missing workflowId, a `servers` name that is no OpenAPI source or a `tls` certificate, key or CA that cannot be used, `LOOM_ERR_INPUTS` for inputs that fail the schema.
 */
export async function run<TInputs = Record<string, unknown>, TOutputs = Record<string, unknown>>(
  document: LoadedDocument | ResolvedDocument,
  options: RunOptions<TInputs> = {},
): Promise<RunResult<TOutputs>> {
  return runCompiled<TOutputs>(compiledDocumentOf(document, options.workflowId), options);
}

/**
 * The compiled form of a loaded (or resolved) document; compiled once, then cached. For a document
 * with errors, the compiled form of its workflows free of errors, when `workflowId` is one of them
 * and everything it reaches is free of errors too (DECISIONS D53).
 */
export function compiledDocumentOf(document: LoadedDocument | ResolvedDocument, workflowId?: string): CompiledDocument {
  return compileDocument(modelOf(document, workflowId));
}

function modelOf(document: LoadedDocument | ResolvedDocument, workflowId: string | undefined): ResolvedDocument {
  if ('workflows' in document) return document;
  if (document.model) return document.model;
  const errors = document.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const partial = document.partial;
  if (partial && errors.length > 0) {
    // DECISIONS D53: errors block a run only where the workflow reaches them.
    const ids = workflowsOf(document.document).map((workflow) => stringField(workflow.value, 'workflowId')).filter((id): id is string => id !== undefined);
    const chosen = workflowId ?? (ids.length === 1 ? ids[0] : undefined);
    if (chosen === undefined && partial.model) throw new LoomError('LOOM_ERR_USAGE', `the document has ${ids.length} workflows; name one (${ids.join(', ')})`);
    if (chosen !== undefined) {
      const blocking = partial.errors.blockingErrors(chosen);
      if (blocking === undefined) throw new LoomError('LOOM_ERR_USAGE', `no workflow '${chosen}' in the document; it has: ${ids.join(', ')}`);
      if (blocking.length === 0 && partial.model) return partial.model;
      if (blocking.length > 0) {
        throw new LoomError('LOOM_ERR_INVALID', `workflow '${chosen}' cannot run: ${describeErrorGroups(blocking, { locations: true })}`, {
          diagnostics: blocking.flatMap((group) => group.diagnostics),
        });
      }
    }
    throw new LoomError('LOOM_ERR_INVALID', `the document has ${describeErrorGroups(partial.errors.groups, { locations: true })}`, { diagnostics: errors });
  }
  throw new LoomError(
    'LOOM_ERR_INVALID',
    errors.length > 0 ? `the document has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]!.message}` : 'the document was loaded without its sources; load it with loadSources to run it',
    { diagnostics: errors },
  );
}
