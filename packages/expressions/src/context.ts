/**
 * What a runtime expression can see. The runner builds one per evaluation
 * point (a step's request, its response, the workflow's state); every field is
 * optional because what exists depends on when an expression is evaluated.
 */
export type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

/** A request or response as expressions see it (`$request.*`, `$response.*`). */
export interface MessageContext {
  /** Header names lower-cased (RFC 9110: field names are case-insensitive). */
  readonly headers?: HeaderMap;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly path?: Readonly<Record<string, unknown>>;
  /** Parsed JSON for JSON media types, the text for XML and other text (DECISIONS D20). */
  readonly body?: unknown;
}

/** The message of an asynchronous step, as `$message.header.<name>` and `$message.payload` see it (Arazzo 1.1.0). */
export interface AsyncMessageContext {
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for JSON content types, else the text. */
  readonly payload: unknown;
}

/** A step that has run, as `$steps.<stepId>` sees it. */
export interface StepState {
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A workflow, as `$workflows.<workflowId>` sees it. */
export interface WorkflowState {
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A source description, as `$sourceDescriptions.<name>` sees it. */
export interface SourceDescriptionState {
  readonly url?: string;
  readonly [member: string]: unknown;
}

/** The document's components, as `$components` sees them. */
export interface ComponentsState {
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly successActions?: Readonly<Record<string, unknown>>;
  readonly failureActions?: Readonly<Record<string, unknown>>;
}

/** Everything an expression can read at one point of a run; a field that is absent reads as missing. */
export interface EvaluationContext {
  /** `$url`: the URL of the request sent. */
  readonly url?: string;
  /** `$method`: the HTTP method of the request sent. */
  readonly method?: string;
  /** `$statusCode`: the response status. */
  readonly statusCode?: number;
  readonly request?: MessageContext;
  readonly response?: MessageContext;
  /** `$inputs.<name>`: the current workflow's inputs. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** `$outputs.<name>`: the current workflow's outputs (in a workflow step: the child's, DECISIONS D7). */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** `$steps.<stepId>.outputs.<name>`: steps that have run in the current workflow. */
  readonly steps?: Readonly<Record<string, StepState>>;
  /** `$workflows.<workflowId>.inputs|outputs.<name>`. */
  readonly workflows?: Readonly<Record<string, WorkflowState>>;
  readonly sourceDescriptions?: Readonly<Record<string, SourceDescriptionState>>;
  readonly components?: ComponentsState;
  /** Arazzo 1.1 `$self`: the base URI of the document whose expression is evaluated (DECISIONS D103). */
  readonly self?: string;
  /** `$message`: in an asynchronous step, the message it sent or received. */
  readonly message?: AsyncMessageContext;
  /**
   * Masks secrets in values that criterion explanations show, before they are shortened
   * (the run's secret masker, DECISIONS D21); absent when nothing is masked.
   */
  readonly maskText?: (text: string) => string;
}
