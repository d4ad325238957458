import type { ParsedText } from '../document/parse-text.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import type { AsyncApiOperation, AsyncApiSource } from '../sources/asyncapi-types.js';
import type { ArazzoDocument, Criterion, FailureAction, OutputValue, JsonSchema, Parameter, Step, SuccessAction, Workflow } from './arazzo.js';

/**
 * The fully resolved, immutable model of an Arazzo document: what the runner
 * executes without looking anything up again. Values (parameter values, payloads,
 * criteria, outputs) are kept as written; their parsed expressions are in `expressions`.
 */
export interface ResolvedDocument {
  /** Where the document was read from (a `file:` URL for files). */
  readonly url: string;
  readonly parsed: ParsedText;
  readonly document: ArazzoDocument;
  /** Source descriptions by name: OpenAPI sources and Arazzo documents. */
  readonly sources: ReadonlyMap<string, OpenApiSource | ArazzoSourceDocument>;
  /** Workflows by workflowId, in document order. */
  readonly workflows: ReadonlyMap<string, ResolvedWorkflow>;
  /** The operationIds (OpenAPI, AsyncAPI) or workflowIds (Arazzo) of each loaded source, by name: what `$sourceDescriptions.<name>.<reference>` names first (DECISIONS D95). */
  readonly sourceReferenceIds: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A source description of `type: arazzo`, loaded and resolved. */
export interface ArazzoSourceDocument {
  readonly type: 'arazzo';
  readonly name: string;
  readonly url: string;
  /** The resolved document; its own sources are resolved in turn (a cycle of documents is shared, not copied). */
  readonly resolved: ResolvedDocument;
}

/** A workflow in this document or in an `arazzo` source. */
export interface WorkflowTarget {
  readonly kind: 'workflow';
  /** The document that holds the workflow: this one, or an `arazzo` source's. */
  readonly document: ResolvedDocument;
  readonly workflowId: string;
}

/** What an operation step calls: an operation of an OpenAPI source. */
export interface OperationTarget {
  readonly kind: 'operation';
  readonly operation: OpenApiOperation;
}

/** What an asynchronous step sends to or receives from: an operation of an AsyncAPI source (Arazzo 1.1.0 §Step Object `action`). */
export interface MessageTarget {
  readonly kind: 'message';
  readonly action: 'send' | 'receive';
  readonly source: AsyncApiSource;
  readonly operation: AsyncApiOperation;
}

/** A parameter with Reusable Objects resolved (`value` override applied) and `in` known where it must be (D13). */
export interface ResolvedParameter {
  readonly name: string;
  /** Absent only for parameters of workflow steps, which become the child workflow's inputs (D8). */
  readonly in?: Parameter['in'];
  readonly value: unknown;
  /** The `$components.parameters.<name>` it came from, if any. */
  readonly reference?: string;
}

/** A success action with Reusable Objects resolved and its `goto` target bound. */
export interface ResolvedSuccessAction {
  readonly name: string;
  readonly type: SuccessAction['type'];
  readonly criteria: readonly Criterion[];
  /** For `goto`: where control goes. */
  readonly target?: ActionTarget;
  /** Arazzo 1.1.0: the inputs of the target workflow (DECISIONS D97); absent when the action has none. */
  readonly parameters?: readonly ResolvedParameter[];
  readonly reference?: string;
  readonly definition: SuccessAction;
}

/** A failure action with Reusable Objects resolved, its target bound and the retry defaults of DECISIONS D12. */
export interface ResolvedFailureAction {
  readonly name: string;
  readonly type: FailureAction['type'];
  readonly criteria: readonly Criterion[];
  /** For `goto`: where control goes; for `retry`: what runs before the step is retried (D12). */
  readonly target?: ActionTarget;
  /** Seconds; absent means 0 (D12). */
  readonly retryAfter?: number;
  /** Retries after the first attempt; absent means 1 (D12). */
  readonly retryLimit?: number;
  /** Arazzo 1.1.0: the inputs of the target workflow (DECISIONS D97); absent when the action has none. */
  readonly parameters?: readonly ResolvedParameter[];
  readonly reference?: string;
  readonly definition: FailureAction;
}

/** Where a `goto` (or a `retry` with a target) sends control: a step of the same workflow, or a workflow. */
export type ActionTarget = { readonly kind: 'step'; readonly stepId: string; readonly stepIndex: number } | WorkflowTarget;

/** A step with its target, parameters and actions resolved. */
export interface ResolvedStep {
  readonly stepId: string;
  /** Position in the workflow's `steps`. */
  readonly index: number;
  readonly definition: Step;
  readonly target: OperationTarget | WorkflowTarget | MessageTarget;
  /** DECISIONS D13: workflow-level parameters, overridden by the step's on name + in. */
  readonly parameters: readonly ResolvedParameter[];
  /** DECISIONS D11: the step's actions first, then the workflow's whose names the step does not reuse. */
  readonly onSuccess: readonly ResolvedSuccessAction[];
  readonly onFailure: readonly ResolvedFailureAction[];
  readonly successCriteria: readonly Criterion[];
  readonly outputs: Readonly<Record<string, OutputValue>>;
}

/** A workflow with its steps, parameters, actions and dependencies resolved. */
export interface ResolvedWorkflow {
  readonly workflowId: string;
  readonly definition: Workflow;
  /** The inputs schema with `$ref`s into `components.inputs` inlined; `undefined` when the workflow takes no inputs. */
  readonly inputsSchema?: JsonSchema;
  readonly steps: readonly ResolvedStep[];
  readonly stepIndex: ReadonlyMap<string, number>;
  readonly parameters: readonly ResolvedParameter[];
  readonly successActions: readonly ResolvedSuccessAction[];
  readonly failureActions: readonly ResolvedFailureAction[];
  /** DECISIONS D15: workflows to complete first. */
  readonly dependsOn: readonly WorkflowTarget[];
  readonly outputs: Readonly<Record<string, OutputValue>>;
}
