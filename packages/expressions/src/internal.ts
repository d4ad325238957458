/**
 * What the first-party `@loom/engine` and `@loom/cli` need beyond the public API.
 * Not part of the API: no API report covers it, and it may change in any release. Keep it short:
 * a name belongs here only while a first-party package imports it.
 *
 * @internal
 * @packageDocumentation
 */
export { printExpression } from './printer.js';
export { classifyString } from './classify.js';
export { compileValue, evaluateValue, explainValue, type CompiledValue } from './compile-value.js';
export { compileCriterion } from './criteria/index.js';
export { splitRegexCondition } from './criteria/regex.js';
export { quoteString } from './criteria/describe-value.js';
export { readOwn, writeOwn } from './json-pointer.js';
export { validateExpressions } from './validate-expressions.js';
export { indexDocument, type DocumentIndex } from './document-index.js';
export { dottedNameRewrite, type ExpressionRewrite } from './declared-names.js';
export { readOperationPath } from './operation-path.js';
export { isXmlReplacementLoaded, preloadXmlReplacement, replaceXmlAtXPath } from './xml-replace.js';
export { MAX_SHOWN_DEPTH, toJsonText, writeJson } from './json-text.js';
export { copyJson, forEachScalarMember } from './json-copy.js';
