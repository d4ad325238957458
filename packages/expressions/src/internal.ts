/**
 * What the first-party `@loom/engine` and `@loom/cli` need beyond the public API.
 * Not part of the API: no API report covers it, and it may change in any release. Keep it short:
 * a name belongs here only while a first-party package imports it.
 *
 * @internal
 * @packageDocumentation
 */
export { printExpression } from './printer.js';
export { classifyString, type ClassifiedString } from './classify.js';
export { compileValue, evaluateValue, explainValue, type CompiledValue } from './compile-value.js';
export { compileCriterion } from './criteria/index.js';
export { compileJsonPathTarget, compileSelector, isSelectorAt, resolveSelectorType, type JsonPathTarget, SELECTOR_VERSIONS, type CompiledSelector, type Selection, type SelectorKind, type SelectorPlacement } from './selector.js';
export { splitRegexCondition } from './criteria/regex.js';
export { describeValue, quoteString } from './criteria/describe-value.js';
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
  type PathSegment,
  type SetAtPathResult,
} from './json-pointer.js';
export { isRecord } from './is-record.js';
export { applyFix, dialectMessage, environmentAdvice, expressionDialect } from './dialect.js';
export { dottedNameRewrite, resolveDottedName, type ExpressionRewrite, type NameScope } from './declared-names.js';
export { OPERATION_PATH_FORM, readOperationPath, type OperationPathReading } from './operation-path.js';
export { isXmlReplacementLoaded, preloadXmlReplacement, replaceXmlAtXPath } from './xml-replace.js';
export { MAX_SHOWN_DEPTH, toJsonText, writeJson } from './json-text.js';
export { copyJson, forEachScalarMember } from './json-copy.js';
