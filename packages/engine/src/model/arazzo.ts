/**
 * The Arazzo 1.0.x document as written: plain data, typed after the spec's
 * fixed fields (Arazzo 1.0.1 §Schema). These types describe a document that has
 * passed schema validation; before that, treat the data as `unknown`.
 * Specification extensions (`x-*`) are allowed on every object.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A JSON Schema as written in a document (an object, or `true` / `false`). */
export type JsonSchema = Record<string, unknown> | boolean;
/** Specification extensions (`x-*` fields), allowed on every object of the spec. */
export type Extensions = { readonly [extension: `x-${string}`]: unknown };

/** Arazzo 1.0.1 §Arazzo Object: the root of a document. */
export interface ArazzoDocument extends Extensions {
  readonly arazzo: string;
  readonly info: Info;
  readonly sourceDescriptions: readonly SourceDescription[];
  readonly workflows: readonly Workflow[];
  readonly components?: Components;
}

/** Arazzo 1.0.1 §Info Object. */
export interface Info extends Extensions {
  readonly title: string;
  readonly summary?: string;
  readonly description?: string;
  readonly version: string;
}

/** The `type` of a Source Description Object. */
export type SourceDescriptionType = 'openapi' | 'arazzo';

/** Arazzo 1.0.1 §Source Description Object: an OpenAPI description or an Arazzo document the workflows use. */
export interface SourceDescription extends Extensions {
  readonly name: string;
  readonly url: string;
  readonly type?: SourceDescriptionType;
}

/** Arazzo 1.0.1 §Workflow Object. */
export interface Workflow extends Extensions {
  readonly workflowId: string;
  readonly summary?: string;
  readonly description?: string;
  readonly inputs?: JsonSchema;
  readonly dependsOn?: readonly string[];
  readonly steps: readonly Step[];
  readonly successActions?: readonly (SuccessAction | ReusableObject)[];
  readonly failureActions?: readonly (FailureAction | ReusableObject)[];
  readonly outputs?: Readonly<Record<string, OutputValue>>;
  readonly parameters?: readonly (Parameter | ReusableObject)[];
}

/** Arazzo 1.0.1 §Step Object. */
export interface Step extends Extensions {
  readonly stepId: string;
  readonly description?: string;
  readonly operationId?: string;
  readonly operationPath?: string;
  readonly workflowId?: string;
  readonly parameters?: readonly (Parameter | ReusableObject)[];
  readonly requestBody?: RequestBody;
  readonly successCriteria?: readonly Criterion[];
  readonly onSuccess?: readonly (SuccessAction | ReusableObject)[];
  readonly onFailure?: readonly (FailureAction | ReusableObject)[];
  readonly outputs?: Readonly<Record<string, OutputValue>>;
  /** Arazzo 1.1.0 §Step Object: milliseconds one attempt at the step may take (DECISIONS D96). */
  readonly timeout?: number;
  /** Arazzo 1.1.0 §Step Object: steps that must complete before this one. */
  readonly dependsOn?: readonly string[];
}

/** An output's value: a runtime expression, or (Arazzo 1.1) a Selector Object. */
export type OutputValue = string | SelectorObject;

/** Arazzo 1.1 §Expression Type Object. */
export interface ExpressionType extends Extensions {
  readonly type: 'jsonpath' | 'xpath' | 'jsonpointer';
  readonly version: string;
}

/** Arazzo 1.1 §Selector Object. */
export interface SelectorObject extends Extensions {
  readonly context: string;
  readonly selector: string;
  readonly type: 'jsonpath' | 'xpath' | 'jsonpointer' | ExpressionType;
}

/** Arazzo 1.0.1 §Parameter Object `in`: OpenAPI's four parameter locations, the one spelling of them in Loom; Arazzo 1.1 adds `querystring` (the whole query string). */
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'querystring';

/** Arazzo 1.0.1 §Parameter Object. */
export interface Parameter extends Extensions {
  readonly name: string;
  readonly in?: ParameterLocation;
  readonly value: unknown;
}

/** Arazzo 1.0.1 §Success Action Object. */
export interface SuccessAction extends Extensions {
  readonly name: string;
  readonly type: 'end' | 'goto';
  readonly workflowId?: string;
  readonly stepId?: string;
  /** Arazzo 1.1.0: the inputs of the workflow named by `workflowId`. */
  readonly parameters?: readonly (Parameter | ReusableObject)[];
  readonly criteria?: readonly Criterion[];
}

/** Arazzo 1.0.1 §Failure Action Object. */
export interface FailureAction extends Extensions {
  readonly name: string;
  readonly type: 'end' | 'retry' | 'goto';
  readonly workflowId?: string;
  readonly stepId?: string;
  readonly retryAfter?: number;
  readonly retryLimit?: number;
  /** Arazzo 1.1.0: the inputs of the workflow named by `workflowId`. */
  readonly parameters?: readonly (Parameter | ReusableObject)[];
  readonly criteria?: readonly Criterion[];
}

/** Arazzo 1.0.1 §Components Object. */
export interface Components extends Extensions {
  readonly inputs?: Readonly<Record<string, JsonSchema>>;
  readonly parameters?: Readonly<Record<string, Parameter>>;
  readonly successActions?: Readonly<Record<string, SuccessAction>>;
  readonly failureActions?: Readonly<Record<string, FailureAction>>;
}

/** Arazzo 1.0.1 §Reusable Object: `reference` is a runtime expression into `$components`. */
export interface ReusableObject {
  readonly reference: string;
  /** Overrides the referenced parameter's value (parameters only). */
  readonly value?: unknown;
}

/** The criterion types of Arazzo 1.0.1 §Criterion Object. */
export type CriterionTypeName = 'simple' | 'regex' | 'jsonpath' | 'xpath';

/** Arazzo 1.0.1 §Criterion Expression Type Object. */
export interface CriterionExpressionType extends Extensions {
  readonly type: 'jsonpath' | 'xpath';
  readonly version: string;
}

/** Arazzo 1.0.1 §Criterion Object. */
export interface Criterion extends Extensions {
  readonly context?: string;
  readonly condition: string;
  readonly type?: CriterionTypeName | CriterionExpressionType;
}

/** Arazzo 1.0.1 §Request Body Object. */
export interface RequestBody extends Extensions {
  readonly contentType?: string;
  readonly payload?: unknown;
  readonly replacements?: readonly PayloadReplacement[];
}

/** Arazzo 1.0.1 §Payload Replacement Object. */
export interface PayloadReplacement extends Extensions {
  readonly target: string;
  /** Arazzo 1.1: how `target` is read; absent, by the payload's media type. */
  readonly targetSelectorType?: 'jsonpath' | 'xpath' | 'jsonpointer' | ExpressionType;
  readonly value: unknown;
}

export function isReusableObject(value: unknown): value is ReusableObject {
  return value !== null && typeof value === 'object' && typeof (value as { reference?: unknown }).reference === 'string';
}
