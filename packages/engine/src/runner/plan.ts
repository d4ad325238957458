import type { OpenApiOperation, OpenApiParameter } from '../sources/types.js';
import type { BuildResult } from '../request/build-result.js';
import type { ResolvedServer } from '../request/url.js';
import type { InputsValidator } from './inputs.js';

/**
 * A workflow compiled for execution: every expression parsed, every reference
 * resolved, every action list merged. Built once per document (compile-plan.ts);
 * a run only walks it, evaluates the compiled values and sends requests.
 */

/** The values an expression may read (Arazzo 1.0.1 §Runtime Expressions); one object per workflow execution, updated per step. */
export interface RuntimeContext {
  url?: string;
  method?: string;
  statusCode?: number;
  request?: {
    headers: Record<string, string | string[]>;
    query: Record<string, unknown>;
    path: Record<string, unknown>;
    body?: unknown;
  };
  response?: { headers: Record<string, string | string[]>; body?: unknown };
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  steps: Record<string, { outputs?: Record<string, unknown> }>;
  workflows: Record<string, { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }>;
  sourceDescriptions: Record<string, { url?: string; [field: string]: unknown }>;
  components?: Record<string, unknown>;
  /** DECISIONS D21: the run's secret masker, for values criterion explanations show; only when something is masked. */
  maskText?: (text: string) => string;
}

/** A value from the document, compiled: a constant, an expression, a template, or a structure of them. */
export interface ValuePlan {
  /** The value; `undefined` when an expression in it had nothing to read (DECISIONS D14). */
  evaluate(context: RuntimeContext): unknown;
  /** Why `evaluate` gave `undefined` ("step login has no output token"), computed only when asked. */
  explainMissing(context: RuntimeContext): string | undefined;
  /** True when the value holds no expression. */
  readonly constant: boolean;
  /** For `--dry-run`: like `evaluate`, but an expression with nothing to read stays as its text in braces. */
  preview(context: RuntimeContext): unknown;
}

export interface CriterionOutcome {
  readonly passed: boolean;
  readonly explanation?: string;
}

export interface CriterionPlan {
  /** The condition as written, for reports. */
  readonly condition: string;
  evaluate(context: RuntimeContext): CriterionOutcome | Promise<CriterionOutcome>;
}

export interface ParameterPlan {
  readonly name: string;
  readonly in?: 'path' | 'query' | 'header' | 'cookie';
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
  readonly criteria: readonly CriterionPlan[];
}

export interface RequestBodyPlan {
  readonly contentType?: string;
  readonly payload?: ValuePlan;
  readonly replacements: readonly { readonly target: string; readonly value: ValuePlan }[];
}

export interface OperationStepPlan {
  readonly kind: 'operation';
  readonly operation: OpenApiOperation;
  /** Parameters with their `in` settled (D13), workflow-level merged with the step's. */
  readonly parameters: readonly (ParameterPlan & {
    readonly in: 'path' | 'query' | 'header' | 'cookie';
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
  readonly target: OperationStepPlan | WorkflowStepPlan;
  readonly successCriteria: readonly CriterionPlan[];
  /** Merged per DECISIONS D11: the step's own, then the workflow's whose names the step does not reuse. */
  readonly onSuccess: readonly ActionPlan[];
  readonly onFailure: readonly ActionPlan[];
  readonly outputs: readonly OutputPlan[];
  /** DECISIONS D7: a workflow step with no outputs exposes the child workflow's outputs. */
  readonly exposesChildOutputs: boolean;
}

export interface WorkflowPlan {
  readonly workflowId: string;
  /** The URL of the document that defines it (a workflow of an `arazzo` source has its own). */
  readonly documentUrl: string;
  readonly validateInputs: InputsValidator;
  readonly inputsSchema: unknown;
  /** Names of inputs whose schema marks them secret (DECISIONS D21). */
  readonly secretInputs: readonly string[];
  readonly dependsOn: readonly (() => WorkflowPlan)[];
  readonly steps: readonly StepPlan[];
  readonly outputs: readonly OutputPlan[];
  /** `$sourceDescriptions.<name>...` values of the defining document. */
  readonly sourceDescriptions: RuntimeContext['sourceDescriptions'];
  readonly components?: Record<string, unknown>;
}
