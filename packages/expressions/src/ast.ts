/**
 * Typed syntax trees. Every node carries `start`/`end` offsets into the text it
 * was parsed from, so errors and explanations can point at it. Trees are plain
 * immutable data: parse once, evaluate many times.
 */

/** RFC 6901 pointer, split and unescaped at parse time. */
export interface JsonPointer {
  /** The pointer as written (`/0/id`, escapes kept), `''` for the whole document. */
  readonly text: string;
  /** Reference tokens with `~1` and `~0` already unescaped. */
  readonly tokens: readonly string[];
}

/** What every node of a syntax tree has: its offsets in the text it was parsed from (end exclusive). */
export interface Node {
  readonly start: number;
  readonly end: number;
}

/**
 * A form real documents use that the spec does not allow, accepted with a warning
 * (DECISIONS D24): `dot-path` is `.a.b` after a value that holds data, read as the
 * pointer `#/a/b`; `double-quoted` is a string literal in double quotes. The node
 * already holds the meaning; printing it gives the spec form.
 */
export type DialectForm = 'dot-path' | 'double-quoted';

/** What every runtime expression node has. */
export interface ExpressionNode extends Node {
  readonly type: 'Expression';
  /** Set when the expression was written in a dialect form (DECISIONS D24). */
  readonly dialect?: DialectForm;
}

/** `$url`. */
export interface UrlExpression extends ExpressionNode { readonly root: 'url' }
/** `$method`. */
export interface MethodExpression extends ExpressionNode { readonly root: 'method' }
/** `$statusCode`. */
export interface StatusCodeExpression extends ExpressionNode { readonly root: 'statusCode' }
/** Arazzo 1.1 `$self`: the base URI of the document the expression is written in. */
export interface SelfExpression extends ExpressionNode { readonly root: 'self' }

/** The message a `$request.*` or `$response.*` expression reads. */
export type MessageRoot = 'request' | 'response';

/** `$request.header.<token>` / `$response.header.<token>`; `name` is lower-cased (RFC 9110: field names are case-insensitive). */
export interface HeaderExpression extends ExpressionNode {
  readonly root: MessageRoot;
  readonly source: 'header';
  readonly name: string;
  /** The header name as written, for messages and printing. */
  readonly rawName: string;
}

/** `$request.query.<name>` / `$request.path.<name>` (and the same of `$response`). */
export interface ParameterExpression extends ExpressionNode {
  readonly root: MessageRoot;
  readonly source: 'query' | 'path';
  readonly name: string;
}

/** `$request.body` / `$response.body`, optionally followed by `#` and a JSON Pointer. */
export interface BodyExpression extends ExpressionNode {
  readonly root: MessageRoot;
  readonly source: 'body';
  readonly pointer: JsonPointer | undefined;
}

/** `$inputs.<name>` or `$outputs.<name>`, with an optional `#<json-pointer>`. */
export interface NamedValueExpression extends ExpressionNode {
  readonly root: 'inputs' | 'outputs';
  readonly name: string;
  readonly pointer: JsonPointer | undefined;
}

/** `$steps.<stepId>.outputs.<name>[#pointer]`. */
export interface StepOutputExpression extends ExpressionNode {
  readonly root: 'steps';
  readonly stepId: string;
  readonly name: string;
  readonly pointer: JsonPointer | undefined;
}

/** `$workflows.<workflowId>.inputs|outputs.<name>[#pointer]`. */
export interface WorkflowValueExpression extends ExpressionNode {
  readonly root: 'workflows';
  readonly workflowId: string;
  readonly field: 'inputs' | 'outputs';
  readonly name: string;
  readonly pointer: JsonPointer | undefined;
}

/** `$sourceDescriptions.<name>` optionally followed by `.<member>` (`url`, an operationId or a workflowId). */
export interface SourceDescriptionExpression extends ExpressionNode {
  readonly root: 'sourceDescriptions';
  readonly sourceName: string;
  readonly member: string | undefined;
}

/** The sections of `components` a `$components` expression may name. */
export type ComponentSection = 'inputs' | 'parameters' | 'successActions' | 'failureActions';

/** `$components.<section>.<name>[#pointer]`. */
export interface ComponentExpression extends ExpressionNode {
  readonly root: 'components';
  readonly section: ComponentSection;
  readonly name: string;
  readonly pointer: JsonPointer | undefined;
}

/** `$message.header.<name>` or `$message.payload[#pointer]`: the message an asynchronous step sent or received (Arazzo 1.1.0 §Runtime Expressions). */
export interface MessageValueExpression extends ExpressionNode {
  readonly root: 'message';
  readonly source: 'header' | 'payload';
  /** For `header`: the name as written (message headers keep their case, unlike HTTP's). */
  readonly name: string | undefined;
  readonly pointer: JsonPointer | undefined;
}

/** One Arazzo runtime expression (Arazzo 1.0.1 §Runtime Expressions). */
export type RuntimeExpression =
  | UrlExpression
  | MethodExpression
  | StatusCodeExpression
  | SelfExpression
  | HeaderExpression
  | ParameterExpression
  | BodyExpression
  | NamedValueExpression
  | StepOutputExpression
  | WorkflowValueExpression
  | SourceDescriptionExpression
  | ComponentExpression
  | MessageValueExpression;

/** The name after `$` that starts a runtime expression. */
export type ExpressionRoot = RuntimeExpression['root'];

/** Roots that D22 recognises after a leading `$`. */
export const EXPRESSION_ROOTS: readonly ExpressionRoot[] = [
  'url',
  'method',
  'statusCode',
  'request',
  'response',
  'inputs',
  'outputs',
  'steps',
  'workflows',
  'sourceDescriptions',
  'components',
  'self',
  'message',
];

// ---- Simple conditions (Arazzo 1.0.1 §Criterion Object, Literals and Operators) ----

/** The value of a literal in a simple condition. */
export type LiteralValue = null | boolean | number | string;

/** A literal in a simple condition: `null`, `true`, a number or a quoted string. */
export interface LiteralNode extends Node {
  readonly type: 'Literal';
  readonly value: LiteralValue;
  /** Set for a string written in double quotes (DECISIONS D24). */
  readonly dialect?: DialectForm;
}

/** `.property` applied to a value. */
export interface MemberNode extends Node {
  readonly type: 'Member';
  readonly object: ConditionNode;
  readonly property: string;
}

/** `[0]` or `['key']` applied to a value (0-based). */
export interface IndexNode extends Node {
  readonly type: 'Index';
  readonly object: ConditionNode;
  readonly index: number | string;
}

/** `!` applied to a value. */
export interface NotNode extends Node {
  readonly type: 'Not';
  readonly operand: ConditionNode;
}

/** The comparison operators of a simple condition. */
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** The logical operators of a simple condition. */
export type LogicalOperator = '&&' | '||';
/** Any operator with two operands. */
export type BinaryOperator = ComparisonOperator | LogicalOperator;

/** Two operands joined by an operator. */
export interface BinaryNode extends Node {
  readonly type: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: ConditionNode;
  readonly right: ConditionNode;
}

/** Any node of a simple condition. */
export type ConditionNode = LiteralNode | RuntimeExpression | MemberNode | IndexNode | NotNode | BinaryNode;

/** A parsed simple condition. */
export interface Condition {
  readonly source: string;
  readonly body: ConditionNode;
}

// ---- Templates: literal text with embedded `{$...}` expressions ----

/** Literal text of a template. */
export interface TemplateText extends Node {
  readonly type: 'Text';
  readonly value: string;
}

/** An embedded `{$...}` expression of a template. */
export interface TemplateSlot extends Node {
  readonly type: 'Slot';
  /** Offsets of the slot include the braces; `expression` offsets are relative to the whole template. */
  readonly expression: RuntimeExpression;
}

/** A parsed template: literal text with embedded `{$...}` expressions. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (TemplateText | TemplateSlot)[];
}
