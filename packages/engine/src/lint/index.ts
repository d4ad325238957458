import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { ParsedText } from '../loader/parse-text.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { checkJsonPathCount } from './jsonpath-count.js';
import { checkLiteralDollarStrings, checkLiteralSecrets } from './literal-values.js';
import { checkOperationParameters } from './operation-parameters.js';
import { checkRegexRedos } from './regex-redos.js';
import { checkRequestBodySchemas } from './request-body-schema.js';
import { checkStepFlow } from './step-flow.js';

export { checkJsonPathCount, checkLiteralDollarStrings, checkLiteralSecrets, checkOperationParameters, checkRegexRedos, checkRequestBodySchemas, checkStepFlow };

/** Rule ids of the lint-only checks, with their severities. */
export const LINT_RULES = {
  'step-unreachable': 'warning',
  'goto-loop-no-exit': 'warning',
  'parameter-undeclared': 'warning',
  'parameter-required-missing': 'warning',
  'request-body-schema': 'warning',
  'jsonpath-count': 'warning',
  'regex-redos': 'warning',
  'literal-secret': 'warning',
  'literal-dollar-string': 'info',
} as const satisfies Record<string, Diagnostic['severity']>;

export type LintRuleId = keyof typeof LINT_RULES;

/**
 * Checks that go beyond validation: likely mistakes in a document the spec allows.
 * Pure: reads what `loadDocument` returned. The checks over steps, operations and
 * request bodies need the resolved model, which exists only for a document without
 * errors; the others run on any parsed document.
 */
export function lintDocument(loaded: { readonly parsed: ParsedText; readonly model: ResolvedDocument | undefined }): Diagnostic[] {
  const diagnostics = [...checkJsonPathCount(loaded.parsed), ...checkLiteralSecrets(loaded.parsed), ...checkLiteralDollarStrings(loaded.parsed), ...checkRegexRedos(loaded.parsed)];
  if (loaded.model) diagnostics.push(...checkStepFlow(loaded.model), ...checkOperationParameters(loaded.model), ...checkRequestBodySchemas(loaded.model));
  return sortDiagnostics(diagnostics);
}
