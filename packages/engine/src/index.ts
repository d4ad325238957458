/**
 * Loads, validates, lints, fixes and runs Arazzo 1.0.x and 1.1.x workflow documents.
 *
 * @remarks
 * One way in: {@link loadDocument} reads, validates and compiles a document (problems are
 * {@link Diagnostic}s, never exceptions); {@link run} runs one of its workflows. What the
 * first-party CLI and Spectral ruleset need beyond this surface is in `@loom/engine/internal`,
 * which is not part of the API and may change in any release.
 *
 * @packageDocumentation
 */

// Diagnostics and errors
export type { Diagnostic, DiagnosticFix, Severity, SourcePosition, SourceRange } from './diagnostics.js';
export { hasErrors, sortDiagnostics } from './diagnostics.js';
export { LoomError, isLoomError, type LoomErrorCode, type LoomErrorOptions } from './errors.js';

// Load and validate
export { loadDocument, validateDocument, type LoadOptions, type LoadedDocument, type LoadedDocumentData, type LoadedDocumentFields, type PartialModel } from './load-document.js';
export type { ErrorGroup, WorkflowErrors } from './validate/workflow-errors.js';
export { parseText, type ParsedText } from './document/parse-text.js';
export type { PathSegment } from '@loom/expressions';

// The document as written, and as resolved
export type {
  ArazzoDocument,
  Components,
  Criterion,
  CriterionExpressionType,
  CriterionTypeName,
  Extensions,
  FailureAction,
  Info,
  JsonSchema,
  JsonValue,
  Parameter,
  ParameterLocation,
  PayloadReplacement,
  OutputValue,
  SelectorObject,
  ExpressionType,
  RequestBody,
  ReusableObject,
  SourceDescription,
  SourceDescriptionType,
  Step,
  SuccessAction,
  Workflow,
} from './model/arazzo.js';
export type {
  ActionTarget,
  ArazzoSourceDocument,
  MessageTarget,
  OperationTarget,
  ResolvedDocument,
  ResolvedFailureAction,
  ResolvedParameter,
  ResolvedStep,
  ResolvedSuccessAction,
  ResolvedWorkflow,
  WorkflowTarget,
} from './model/resolved.js';
export type { HttpMethod, OpenApiOperation, OpenApiParameter, OpenApiServer, OpenApiSource } from './sources/types.js';
export type { AsyncApiMessage, AsyncApiOperation, AsyncApiServer, AsyncApiSource } from './sources/asyncapi-types.js';

// Lint and fix
export { lintDocument, type LintInput } from './lint/index.js';
export { applyFixes, fixDocument, DEFAULT_MAX_FIX_ROUNDS, type DocumentFixes, type FixDocumentOptions, type FixableDiagnostic, type FixResult, type SkippedFix } from './fix/index.js';

// Run, plan (dry run) and observe
export {
  run,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_MAX_WORKFLOW_DEPTH,
  MAX_WORKFLOW_DEPTH_LIMIT,
  type RunOptions,
  type RunResult,
  type RunTimeouts,
} from './runner/run.js';
export type { StepRecord } from './runner/run-state.js';
export type { DurableRunOptions, RunCheckpoint } from './runner/checkpoint.js';
export { planRequests, type PlannedRequest, type DryRunOptions } from './runner/dry-run.js';
export {
  credentialVariableName,
  describeCredentials,
  describeCredentialInputs,
  type CredentialEntry,
  type CredentialInput,
  type CredentialInputDescription,
  type CredentialInputUse,
  type CredentialField,
  type Credentials,
  type CredentialVariable,
  type DescribeCredentialsOptions,
  type SchemeCredentials,
  type WorkflowCredentialInputs,
  type WorkflowCredentials,
} from './credentials/index.js';
export type * from './events/types.js';

// The HTTP client
export { createHttpClient, type HttpClient, type HttpClientOptions } from './http/send.js';
export type { TlsOptions, ClientCertificate, PemData } from './http/tls-options.js';
export type { HttpRequest, HttpResponse, SendOptions, SendResult, TransportError, TransportErrorCode } from './http/types.js';
export type { RequestBodyContent } from './request/request-body.js';

// Message transports (asynchronous steps): a protocol of the embedder's own
export { registerTransport } from './messaging/registry.js';
export type { ChannelWildcard, MessageListener, Transport, TransportConnectOptions, TransportFactory, TransportMessage, TransportSubscription } from './messaging/types.js';
