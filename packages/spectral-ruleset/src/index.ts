import { createLoomRuleset } from './rules.js';

export { createLoomRuleset, LOOM_RULES, REPLACED_SPECTRAL_RULES, type LoomRulesetOptions } from './rules.js';
export { SPECTRAL_RULE_PAIRS } from './spectral-duplicates.js';
export { lintDocuments, type LintOptions, type LintReport } from './lint-documents.js';
export { loadLintRuleset, findDefaultRulesetFile, DEFAULT_RULESET_FILES, type LoadRulesetOptions } from './load-ruleset.js';

/**
 * The Loom Spectral ruleset, for `extends: ["@loom/spectral-ruleset"]` in a
 * `.spectral.yaml` or an import in a JS ruleset: Spectral's Arazzo rules with the
 * D23 schema fix, plus Loom's validation and lint rules (source descriptions loaded).
 */
const ruleset = createLoomRuleset();
export default ruleset;
