import type { CriterionResult, EvaluationContext, SourceDescriptionState, StepState, WorkflowState } from '@loom/expressions';
import type { JsonPathTarget } from '@loom/expressions/internal';
import type { OpenApiOperation, OpenApiParameter } from '../sources/types.js';
import type { BuildResult } from '../request/build-result.js';
import type { ResolvedServer } from '../request/url.js';
import type { InputsValidator } from './inputs.js';
import type { ParameterLocation } from '../model/arazzo.js';
import type { SecurityPlan } from '../credentials/security-plan.js';
import type { CredentialInputsPlan } from '../credentials/credential-inputs.js';
import type { CriterionValue } from '../events/types.js';
import type { MessageStepPlan } from './message-step-plan.js';

export type { MessageStepPlan };

/**
 * A workflow compiled for execution: every expression parsed, every reference
 * resolved, every action list merged. Built once per document (compile-plan.ts);
 * a run only walks it, evaluates the compiled values and sends requests.
 */

/**
 * One workflow execution's evaluation context (Arazzo 1.0.1 §Runtime Expressions): the one
 * context type, `EvaluationContext` from @loom/expressions, made writable because the runner
 * fills it in as steps run, with the tables it writes to always present.
 */
export type WorkflowContext = { -readonly [Member in keyof EvaluationContext]: EvaluationContext[Member] } & {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly steps: Record<string, StepState>;
  readonly workflows: Record<string, WorkflowState>;
  readonly sourceDescriptions: Record<string, SourceDescriptionState>;
};

/** A value from the document, compiled: a constant, an expression, a template, or a structure of them. */
export interface ValuePlan {
  /** The value; `undefined` when an expression in it had nothing to read (DECISIONS D14). */
  evaluate(context: EvaluationContext): unknown;
  /** Why `evaluate` gave `undefined` ("step login has no output token"), computed only when asked. */
  explainMissing(context: EvaluationContext): string | undefined;
  /** True when the value holds no expression. */
  readonly constant: boolean;
  /** For `--dry-run`: like `evaluate`, but an expression with nothing to read stays as its text in braces. */
  preview(context: EvaluationContext): unknown;
}

export interface CriterionPlan {
  /** The condition as written, for reports. */
  readonly condition: string;
  evaluate(context: EvaluationContext): CriterionResult | Promise<CriterionResult>;
  /** DECISIONS D110: the values the criterion reads, for its event; called only when someone listens. */
  readValues(context: EvaluationContext): CriterionValue[];
}

export interface ParameterPlan {
  readonly name: string;
  readonly in?: ParameterLocation;
  readonly value: ValuePlan;
}

export interface OutputPlan {
  readonly name: string;
  readonly value: ValuePlan;
}

export interface ActionPlan {
  readonly name: string;
  readonly type: 'end' | 'goto' | 'retry';
  /** goto / retry target inside the same workflow. */
  readonly stepIndex?: number;
  /** goto / retry target workflow (resolved lazily: workflows may refer to each other). */
  readonly workflow?: () => WorkflowPlan;
  /** retry: seconds to wait when the response has no Retry-After (DECISIONS D12: absent = 0). */
  readonly retryAfterSeconds: number;
  /** retry: retries after the first attempt (DECISIONS D12: absent = 1). */
  readonly retryLimit: number;
  /** DECISIONS D97: the target workflow's inputs; absent when the action has no `parameters` (D16 then). */
  readonly parameters?: readonly ParameterPlan[];
  readonly criteria: readonly CriterionPlan[];
}

export interface RequestBodyPlan {
  readonly contentType?: string;
  readonly payload?: ValuePlan;
  readonly replacements: readonly ReplacementPlan[];
}

/** A Payload Replacement Object compiled: its target's selector type settled, a JSONPath target compiled (Arazzo 1.1). */
export interface ReplacementPlan {
  readonly target: string;
  readonly value: ValuePlan;
  readonly targetType?: 'jsonpointer' | 'jsonpath' | 'xpath';
  readonly jsonPath?: JsonPathTarget;
}

export interface OperationStepPlan {
  readonly kind: 'operation';
  readonly operation: OpenApiOperation;
  /** Parameters with their `in` settled (D13), workflow-level merged with the step's. */
  readonly parameters: readonly (ParameterPlan & {
    readonly in: ParameterLocation;
    /** A secret header or cookie (DECISIONS D21): its value is masked wherever it shows. */
    readonly secret: boolean;
  })[];
  /** The operation's declared parameters, for serialization. */
  readonly declaredParameters: readonly OpenApiParameter[];
  readonly requestBody?: RequestBodyPlan;
  /**
   * The resolved server URL per `servers` override (DECISIONS D18), filled on first use.
   * Pure data derived from the document and the override, so runs may share it.
   */
  readonly serverUrls: Map<string, BuildResult<ResolvedServer>>;
  /** DECISIONS D74, D77: the credentials the operation takes; absent when it takes none. */
  readonly security?: SecurityPlan;
}

export interface WorkflowStepPlan {
  readonly kind: 'workflow';
  readonly workflow: () => WorkflowPlan;
  /** Parameters become the child's inputs (DECISIONS D8). */
  readonly parameters: readonly ParameterPlan[];
}

export interface StepPlan {
  readonly stepId: string;
  readonly index: number;
  readonly target: OperationStepPlan | WorkflowStepPlan | MessageStepPlan;
  readonly successCriteria: readonly CriterionPlan[];
  /** Merged per DECISIONS D11: the step's own, then the workflow's whose names the step does not reuse. */
  readonly onSuccess: readonly ActionPlan[];
  readonly onFailure: readonly ActionPlan[];
  readonly outputs: readonly OutputPlan[];
  /** DECISIONS D7: a workflow step with no outputs exposes the child workflow's outputs. */
  readonly exposesChildOutputs: boolean;
  /** Arazzo 1.1.0 §Step Object `timeout`: milliseconds each attempt may take (DECISIONS D96). */
  readonly timeoutMs?: number;
  /** Arazzo 1.1.0 §Step Object `dependsOn`: steps that must have completed before this one runs (DECISIONS D98). */
  readonly dependsOn?: readonly StepDependencyPlan[];
  /**
   * DECISIONS D58: the other steps of the workflow whose `$steps.<id>` this step reads (its implicit dependencies,
   * Arazzo 1.1 documents only); absent when it reads none.
   */
  readonly readsSteps?: readonly string[];
}

/** DECISIONS D98: a step of this workflow, or of another workflow (which must have run it, successfully, in this run). */
export type StepDependencyPlan =
  | { readonly kind: 'local'; readonly written: string; readonly stepId: string }
  | { readonly kind: 'workflow'; readonly written: string; readonly stepId: string; readonly workflow: (() => WorkflowPlan) | undefined };

export interface WorkflowPlan {
  readonly workflowId: string;
  /** The URL of the document that defines it (a workflow of an `arazzo` source has its own). */
  readonly documentUrl: string;
  /** Arazzo 1.1 `$self` (DECISIONS D103): the defining document's base URI. */
  readonly self: string;
  readonly validateInputs: InputsValidator;
  readonly inputsSchema: unknown;
  /** Names of inputs whose schema marks them secret (DECISIONS D21). */
  readonly secretInputs: readonly string[];
  /** DECISIONS D60: the inputs that only carry credentials of security schemes, found on first use. */
  readonly credentialInputs: CredentialInputsPlan;
  readonly dependsOn: readonly (() => WorkflowPlan)[];
  readonly steps: readonly StepPlan[];
  /**
   * DECISIONS D98: the step that runs after each step (by index; `steps.length` ends the workflow), and the
   * first: document order, unless `dependsOn` and `$steps` reads call for another.
   */
  readonly nextIndex: readonly number[];
  readonly firstIndex: number;
  readonly outputs: readonly OutputPlan[];
  /** `$sourceDescriptions.<name>...` values of the defining document. */
  readonly sourceDescriptions: WorkflowContext['sourceDescriptions'];
  readonly components?: Record<string, unknown>;
}
