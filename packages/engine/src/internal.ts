/**
 * What the first-party `@loom/cli` and `@loom/spectral-ruleset` need beyond the public API.
 * Not part of the API: no API report covers it, and it may change in any release. Keep it short:
 * a name belongs here only while a first-party package imports it.
 *
 * @internal
 * @packageDocumentation
 */
export { getAtPath, parsePointer, toPointer } from '@loom/expressions/internal';
export { RULES, type RuleDeclaration, type RuleId } from './rules/index.js';
export { MAX_DOCUMENT_BYTES, readResource, type ReadResourceOptions } from './sources/read-resource.js';
export { displayUrl, isRemoteUrl, referenceRefusal, toDocumentUrl } from './sources/urls.js';
export { allowHostProblem } from './sources/allowed-hosts.js';
export { hostPatternProblem } from './http/tls-options.js';
export { requestMethod } from './sources/operation-index.js';
export { describeErrorGroups } from './validate/workflow-errors.js';
export { LINT_RULES, type LintRuleId } from './lint/index.js';
export { expressionsOf, type DocumentExpressions } from './model/document-expressions.js';
