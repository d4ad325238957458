import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { LINT_ONLY_RULES, usualSeverities, type LintRuleId } from '../rules/index.js';
import type { LintInput } from './lint-input.js';
import { checkJsonPathCount } from './jsonpath-count.js';
import { checkLiteralDollarStrings, checkLiteralSecrets } from './literal-values.js';
import { checkOperationParameters } from './operation-parameters.js';
import { checkRegexRedos } from './regex-redos.js';
import { checkRequestBodySchemas } from './request-body-schema.js';
import { checkStepFlow } from './step-flow.js';

export type { LintInput } from './lint-input.js';
export { checkJsonPathCount, checkLiteralDollarStrings, checkLiteralSecrets, checkOperationParameters, checkRegexRedos, checkRequestBodySchemas, checkStepFlow };

/** Rule ids of the lint-only checks, with their severities (declared in rules/lint-rules.ts). */
export const LINT_RULES = usualSeverities(LINT_ONLY_RULES);

export type { LintRuleId };

/**
 * Checks that go beyond validation: likely mistakes in a document the spec allows.
 * Pure: reads what `loadDocument` returned. Every check runs whatever errors the document
 * has elsewhere, so one lint reports everything; each skips only the nodes it cannot judge
 * (a step whose operation did not resolve, an action naming nothing). The checks over
 * operations and request bodies need source descriptions (not loaded with `loadSources: false`).
 */
export function lintDocument(loaded: LintInput): Diagnostic[] {
  return sortDiagnostics([
    ...checkJsonPathCount(loaded.parsed),
    ...checkLiteralSecrets(loaded.parsed),
    ...checkLiteralDollarStrings(loaded.parsed),
    ...checkRegexRedos(loaded.parsed),
    ...checkStepFlow(loaded),
    ...checkOperationParameters(loaded),
    ...checkRequestBodySchemas(loaded),
  ]);
}
