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
  NotNode,
  ParameterExpression,
  RuntimeExpression,
  SourceDescriptionExpression,
  StatusCodeExpression,
  StepOutputExpression,
  Template,
  TemplateSlot,
  TemplateText,
  UrlExpression,
  WorkflowValueExpression,
} from './ast.js';
export type {
  ComponentsState,
  EvaluationContext,
  HeaderMap,
  MessageContext,
  SourceDescriptionState,
  StepState,
  WorkflowState,
} from './context.js';
export type { CriterionField, ExpressionErrorCode, ExpressionFix } from './errors.js';
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
export { compileCriterion, evaluateCriterion, evaluateCriterionAsync } from './criteria/index.js';
export { isXPathLoaded, preloadXPath } from './criteria/xpath.js';
