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
export { MASK } from './secrets/secret-policy.js';
export { LINT_RULES, type LintRuleId } from './lint/index.js';
export { expressionsOf, type DocumentExpressions } from './model/document-expressions.js';
export { checkRunInputs, type CheckedRunInputs } from './runner/check-run-inputs.js';
export { withoutInputs } from './credentials/credential-inputs.js';
export { isSecretMemberName } from './secrets/secret-policy.js';
export {
  connectTransport,
  supportedProtocols,
  transportFactory,
  unsupportedProtocol,
  MessageInbox,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_INBOX_MAX_BYTES,
  DEFAULT_INBOX_MAX_MESSAGES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_RECEIVE_TIMEOUT_MS,
  type ConnectTransportOptions,
  type InboxLimits,
  type MessageMatch,
} from './messaging/index.js';

