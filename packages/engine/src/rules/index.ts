import { LINT_ONLY_RULES } from './lint-rules.js';
import type { RuleDeclaration } from './rule.js';
import { VALIDATION_RULES } from './validation-rules.js';

export type { RuleDeclaration } from './rule.js';
export { LINT_ONLY_RULES, VALIDATION_RULES };

/** The id of a rule validation reports. */
export type ValidationRuleId = keyof typeof VALIDATION_RULES;
/** The id of a lint-only rule. */
export type LintRuleId = keyof typeof LINT_ONLY_RULES;
/** Every `code` a Diagnostic of the engine can carry: match on these, never on a message. */
export type RuleId = ValidationRuleId | LintRuleId;

/** Every rule of the engine by id: validation first, then lint-only. */
export const RULES: Readonly<Record<RuleId, RuleDeclaration>> = { ...VALIDATION_RULES, ...LINT_ONLY_RULES };

/** Each rule of `table` with its usual severity (its first). */
export function usualSeverities<Table extends Record<string, RuleDeclaration>>(table: Table): { readonly [Id in keyof Table]: Table[Id]['severities'][0] } {
  return Object.fromEntries(Object.entries(table).map(([id, rule]) => [id, rule.severities[0]])) as { [Id in keyof Table]: Table[Id]['severities'][0] };
}
