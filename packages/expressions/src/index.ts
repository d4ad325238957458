/**
 * Arazzo runtime expressions, templates, simple conditions and criteria.
 *
 * @remarks
 * Parse once to typed trees, evaluate many times as pure functions of (tree, context); no text is
 * ever executed as code. What the first-party `@loom/engine` and `@loom/cli` need beyond this
 * surface is in `@loom/expressions/internal`, which is not part of the API and may change in any release.
 *
 * @packageDocumentation
 */
import { compileCriterion as compileCriterionWith } from './criteria/index.js';
import type { CompiledCriterion, CriterionInput } from './criteria/types.js';

export type {
  BinaryNode,
  BinaryOperator,
  BodyExpression,
  ComparisonOperator,
  ComponentExpression,
  ComponentSection,
  Condition,
  ConditionNode,
  DialectForm,
  ExpressionNode,
  ExpressionRoot,
  HeaderExpression,
  IndexNode,
  JsonPointer,
  LiteralNode,
  LiteralValue,
  LogicalOperator,
  MemberNode,
  MessageRoot,
  MethodExpression,
  NamedValueExpression,
  Node as SyntaxNode,
  NotNode,
  ParameterExpression,
  RuntimeExpression,
  SourceDescriptionExpression,
  StatusCodeExpression,
  SelfExpression,
  StepOutputExpression,
  Template,
  TemplateSlot,
  TemplateText,
  MessageValueExpression,
  UrlExpression,
  WorkflowValueExpression,
} from './ast.js';
export type {
  AsyncMessageContext,
  ComponentsState,
  EvaluationContext,
  HeaderMap,
  MessageContext,
  SourceDescriptionState,
  StepState,
  WorkflowState,
} from './context.js';
export type { CriterionField, ExpressionErrorCode, ExpressionFix, ExpressionSyntaxErrorDetails } from './errors.js';
export type { DialectUse } from './dialect.js';
export { ExpressionSyntaxError, isExpressionSyntaxError } from './errors.js';
export { parseCondition, parseExpression } from './parser.js';
export { evaluateCondition, evaluateExpression, explainMissing } from './evaluate.js';
export { evaluateTemplate, parseTemplate, type MissingValueFallback } from './templates.js';
export type {
  CompiledCriterion,
  CriterionExpressionTypeInput,
  CriterionInput,
  CriterionKind,
  CriterionResult,
} from './criteria/types.js';
export { evaluateCriterion, evaluateCriterionAsync } from './criteria/index.js';

/**
 * Parses and checks a Criterion Object (Arazzo 1.0.1 §Criterion Object) once; evaluate the
 * result many times with {@link evaluateCriterion} or {@link evaluateCriterionAsync}.
 * @throws {@link ExpressionSyntaxError} whose `field` says which field is wrong and `column` where.
 */
// The engine's compiler also rewrites dotted names against the document's declarations
// (DECISIONS D24, D46): a hook of `@loom/expressions/internal`, left out of the public signature.
export const compileCriterion: (input: CriterionInput) => CompiledCriterion = compileCriterionWith;
export { isXPathLoaded, preloadXPath } from './criteria/xpath.js';
export type { PathSegment } from './json-pointer.js';
