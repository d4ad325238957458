/**
 * @loom/expressions: Arazzo runtime expressions, templates, simple conditions
 * and criteria. Parse once to typed trees, evaluate many times as pure
 * functions of (tree, context); no text is ever executed as code.
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
export { EXPRESSION_ROOTS } from './ast.js';
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
export { printCondition, printExpression, printTemplate } from './printer.js';
export { evaluateCondition, evaluateExpression, evaluateNode, explainMissing } from './evaluate.js';
export { isTruthy, looseEquals } from './compare.js';
export { evaluateTemplate, explainTemplate, parseTemplate, stringifyValue, templateExpressions, type MissingValueFallback } from './templates.js';
export type { ClassifiedString } from './classify.js';
export { classifyString, isExpression } from './classify.js';
export { looksLikeExpression } from './classify-rules.js';
export type { CompiledValue, MissingValue } from './compile-value.js';
export { compileValue, evaluateValue, explainValue } from './compile-value.js';
export type {
  CompiledCriterion,
  CriterionExpressionTypeInput,
  CriterionInput,
  CriterionKind,
  CriterionResult,
} from './criteria/types.js';
export { compileCriterion, evaluateCriterion, evaluateCriterionAsync } from './criteria/index.js';
export { isXPathLoaded, preloadXPath } from './criteria/xpath.js';
export { splitRegexCondition } from './criteria/regex.js';
export type { PathSegment, SetAtPathResult } from './json-pointer.js';
export {
  escapePointerSegment,
  getAtPath,
  isArrayIndex,
  parsePointer,
  readOwn,
  readSegment,
  setAtPath,
  toPointer,
  unescapePointerSegment,
  writeOwn,
} from './json-pointer.js';
export { isRecord } from './is-record.js';
export type { DialectUse } from './dialect.js';
export { applyFix, dialectMessage, environmentAdvice, expressionDialect } from './dialect.js';
export type { ExpressionRewrite, NameScope } from './declared-names.js';
export { dottedNameRewrite, resolveDottedName } from './declared-names.js';
export type { OperationPathReading } from './operation-path.js';
export { OPERATION_PATH_FORM, readOperationPath } from './operation-path.js';
export type { XmlReplaceResult } from './xml-replace.js';
export { isXmlReplacementLoaded, preloadXmlReplacement, replaceXmlAtXPath } from './xml-replace.js';
export type { JsonTextLimits } from './json-text.js';
export { MAX_SHOWN_DEPTH, TOO_DEEP_MARKER, toJsonText, writeJson } from './json-text.js';
export type { JsonCopyOptions } from './json-copy.js';
export { copyJson, forEachScalarMember } from './json-copy.js';
export { quoteString } from './criteria/describe-value.js';
