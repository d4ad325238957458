import { requestMethod } from '../sources/operation-index.js';
import { isXmlReplacementLoaded, preloadXmlReplacement, readOwn, replaceXmlAtXPath, writeOwn } from '@loom/expressions/internal';
import { parseRetryAfter } from '../http/retry-after.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { HttpClient } from '../http/send.js';
import { encodeRequestBody } from '../request/request-body.js';
import { serializeParameters, type ParameterValue } from '../request/parameter-serialization.js';
import { applyReplacements } from '../request/payload-replacements.js';
import type { BuildResult } from '../request/build-result.js';
import { buildRequestUrl, resolveServerUrl, type ResolvedServer } from '../request/url.js';
import type { OperationStepPlan, StepPlan, ValuePlan, WorkflowContext, WorkflowPlan } from './plan.js';
import { elapsed, type RunState } from './run-state.js';
import { applySecurity, type RequestSoFar, type SecurityEnvironment } from '../credentials/apply-security.js';
import { encodeComponent } from '../request/percent-encoding.js';

/** What one attempt at a step produced, before its success criteria are looked at. */
export interface AttemptOutcome {
  readonly statusCode?: number;
  /** Set when the attempt failed before criteria could apply (the request could not be built or sent). */
  readonly reason?: string;
  /** The response's Retry-After, in ms (DECISIONS D12). */
  readonly retryAfterMs?: number;
  /** An asynchronous step: its action and channel address (for the step's record). */
  readonly message?: { readonly action: 'send' | 'receive'; readonly channel: string };
}

/**
 * Builds the request of an operation step from its compiled plan, sends it, and
 * fills the context with what `$url`, `$method`, `$request.*`, `$statusCode` and
 * `$response.*` read.
 */
export async function executeOperation(
  plan: WorkflowPlan,
  step: StepPlan,
  target: OperationStepPlan,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
): Promise<AttemptOutcome> {
  // DECISIONS D76: a 401 to a request that carried a fetched OAuth2 token drops the token and sends the request once more.
  for (let send = 1; ; send++) {
    const built = await buildOperationRequest(target, context, state.settings.servers, (value) => value.evaluate(context), (secret) => state.secrets.add(secret), securityEnvironment(target, context, state));
    if (!built.ok) return { reason: built.reason };
    const sent = await sendBuilt(plan, step, built, context, state, attempt);
    if (!sent.ok) return { reason: sent.error.message };
    const outcome = readResponse(plan, step, sent.response, context, state, attempt);
    if (sent.response.statusCode !== 401 || built.invalidateToken === undefined || send > 1) return outcome;
    built.invalidateToken();
  }
}

async function sendBuilt(
  plan: WorkflowPlan,
  step: StepPlan,
  built: Extract<BuiltRequest, { ok: true }>,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
) {
  const { url, headers, body, payload, query, path } = built;
  const method = requestMethod(built.operation);
  context.url = url;
  context.method = method;
  context.request = { headers, query, path, body: payload };
  if (state.collectSecrets) {
    state.secrets.addSecretHeaders(headers);
    state.secrets.addSecretMembers(payload);
  }
  state.emit?.({
    type: 'request',
    time: elapsed(state),
    workflowId: plan.workflowId,
    stepId: step.stepId,
    attempt,
    method,
    url,
    headers,
    ...(typeof body === 'string' ? { body } : {}),
  });

  const source = built.operation.sourceName;
  const request: HttpRequest = body === undefined ? { method, url, headers, source } : { method, url, headers, body, source };
  return state.client.send(request, state.sendOptions);
}

function readResponse(plan: WorkflowPlan, step: StepPlan, response: HttpResponse, context: WorkflowContext, state: RunState, attempt: number): AttemptOutcome {
  context.statusCode = response.statusCode;
  context.response = { headers: response.headers as Record<string, string | string[]>, body: response.body };
  if (state.collectSecrets) {
    state.secrets.addSecretHeaders(response.headers);
    state.secrets.addSecretMembers(response.body);
  }
  state.emit?.({
    type: 'response',
    time: elapsed(state),
    workflowId: plan.workflowId,
    stepId: step.stepId,
    attempt,
    statusCode: response.statusCode,
    headers: response.headers,
    durationMs: response.durationMs,
    bytes: response.bytes,
    body: response.body,
  });
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  return retryAfterMs === undefined ? { statusCode: response.statusCode } : { statusCode: response.statusCode, retryAfterMs };
}

/** DECISIONS D18, with the run's `servers` override for this source; resolved once per operation and override. */
function serverUrl(target: OperationStepPlan, override: string | undefined): BuildResult<ResolvedServer> {
  const key = override ?? '\u0000';
  let resolved = target.serverUrls.get(key);
  if (resolved === undefined) {
    resolved = resolveServerUrl(target.operation.servers, target.operation.sourceUrl, override);
    target.serverUrls.set(key, resolved);
  }
  return resolved;
}

export type { HttpClient };

/** A request built from a step's plan, before it is sent. */
export type BuiltRequest =
  | {
      readonly ok: true;
      readonly url: string;
      readonly headers: Record<string, string>;
      readonly body: HttpRequest['body'];
      /** The evaluated payload, for `$request.body`. */
      readonly payload: unknown;
      readonly query: Record<string, unknown>;
      readonly path: Record<string, unknown>;
      readonly operation: OperationStepPlan['operation'];
      /** DECISIONS D76: forgets the OAuth2 token this request carries (after a 401). */
      readonly invalidateToken?: () => void;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Builds an operation step's request: parameters serialized (D13), server chosen (D18), payload
 * evaluated, replaced and encoded (D19). `evaluate` turns a compiled value into the value to send:
 * the real evaluation for a run, a preview for `--dry-run`. Secret header and cookie values are
 * reported to `onSecret` (D21).
 */
export async function buildOperationRequest(
  target: OperationStepPlan,
  context: WorkflowContext,
  servers: Readonly<Record<string, string>>,
  evaluate: (value: ValuePlan) => unknown,
  onSecret?: (value: unknown) => void,
  security?: SecurityEnvironment,
): Promise<BuiltRequest> {
  const operation = target.operation;
  const parameterValues: ParameterValue[] = [];
  const query: Record<string, unknown> = {};
  const path: Record<string, unknown> = {};
  for (const parameter of target.parameters) {
    const value = evaluate(parameter.value);
    parameterValues.push({ name: parameter.name, in: parameter.in, value });
    if (value === undefined) continue;
    if (parameter.secret) onSecret?.(value);
    if (parameter.in === 'query') writeOwn(query, parameter.name, value);
    else if (parameter.in === 'path') writeOwn(path, parameter.name, value);
  }
  const serialized = serializeParameters(operation.path, parameterValues, target.declaredParameters);
  if (!serialized.ok) return { ok: false, reason: `cannot build the request: ${serialized.error.message}` };

  // DECISIONS D30: a source named `toString` must not find Object.prototype's member in a plain `servers` object.
  const server = serverUrl(target, readOwn(servers, operation.sourceName) as string | undefined);
  if (!server.ok) return { ok: false, reason: `cannot build the request: ${server.error.message}` };
  let url = buildRequestUrl(server.value.url, serialized.value.path, serialized.value.query);

  const headers: Record<string, string> = serialized.value.headers;
  // DECISIONS D31: the server URL's credentials, unless the step sends its own Authorization.
  if (server.value.authorization !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    headers['authorization'] = server.value.authorization;
    onSecret?.(server.value.authorization);
  }
  if (server.value.password !== undefined) onSecret?.(server.value.password);
  if (serialized.value.cookie !== undefined) headers['cookie'] = serialized.value.cookie;
  let invalidateToken: (() => void) | undefined;
  if (target.security !== undefined && security !== undefined) {
    // DECISIONS D74: the step's own header, query parameter or cookie (or D31's server URL credentials) wins over a scheme.
    const secured = await applySecurity(target.security, requestSoFar(url, headers, query), security);
    if (!secured.ok) return { ok: false, reason: secured.reason };
    const { applied } = secured;
    for (const [name, value] of applied.headers) headers[name.toLowerCase()] = value;
    if (applied.query.length > 0) {
      const pairs = applied.query.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');
      url = url.includes('?') ? `${url}&${pairs}` : `${url}?${pairs}`;
    }
    if (applied.cookies.length > 0) {
      const pairs = applied.cookies.map(([name, value]) => `${name}=${value}`).join('; ');
      headers['cookie'] = headers['cookie'] === undefined ? pairs : `${headers['cookie']}; ${pairs}`;
    }
    invalidateToken = applied.invalidate;
  }
  let body: HttpRequest['body'];
  let payload: unknown;
  const requestBody = target.requestBody;
  if (requestBody) {
    payload = requestBody.payload ? evaluate(requestBody.payload) : undefined;
    if (payload === undefined && requestBody.payload !== undefined) {
      return { ok: false, reason: `cannot build the request body: ${requestBody.payload.explainMissing(context) ?? 'the payload has no value'}` };
    }
    if (requestBody.replacements.length > 0) {
      // XPath targets (XML payloads, DECISIONS D19) need the XML engine, loaded once per process.
      if (typeof payload === 'string' && !isXmlReplacementLoaded()) await preloadXmlReplacement();
      const replaced = applyReplacements(
        payload,
        requestBody.replacements.map((replacement) => ({ ...replacement, value: evaluate(replacement.value) })),
        requestBody.contentType,
        replaceXmlAtXPath,
      );
      if (!replaced.ok) return { ok: false, reason: `cannot build the request body: ${replaced.error.message}` };
      payload = replaced.value;
    }
    if (payload !== undefined) {
      const encoded = encodeRequestBody(requestBody.contentType, payload);
      if (!encoded.ok) return { ok: false, reason: `cannot build the request body: ${encoded.error.message}` };
      body = encoded.value.body;
      if (encoded.value.contentType !== undefined) headers['content-type'] = encoded.value.contentType;
    }
  }
  return { ok: true, url, headers, body, payload, query, path, operation, ...(invalidateToken !== undefined ? { invalidateToken } : {}) };
}

function requestSoFar(url: string, headers: Readonly<Record<string, string>>, query: Readonly<Record<string, unknown>>): RequestSoFar {
  return {
    url,
    has(location, name) {
      if (location === 'header') return Object.keys(headers).some((header) => header.toLowerCase() === name.toLowerCase());
      if (location === 'query') return Object.prototype.hasOwnProperty.call(query, name);
      const cookie = headers['cookie'];
      return cookie !== undefined && cookie.split(';').some((pair) => pair.trim().split('=')[0] === name);
    },
  };
}

/** The run's credentials for a step whose operation has security; absent (no work) for every other step. */
function securityEnvironment(target: OperationStepPlan, context: WorkflowContext, state: RunState): SecurityEnvironment | undefined {
  if (target.security === undefined) return undefined;
  return {
    store: state.credentials,
    transport: {
      client: state.client,
      sendOptions: { timeoutMs: state.sendOptions.timeoutMs, maxResponseBytes: state.sendOptions.maxResponseBytes },
      onSecret: (value) => state.secrets.add(value),
    },
    evaluate: (values) => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value.evaluate(context)])),
  };
}
