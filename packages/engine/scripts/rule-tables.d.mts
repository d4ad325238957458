interface RuleLike {
  readonly severities: readonly string[];
  readonly description: string;
}
type Rules = Readonly<Record<string, RuleLike>>;
type LintRules = Readonly<Record<string, string>>;

export declare const ENGINE_README: URL;
export declare const SPECTRAL_README: URL;
/** The engine README's table of validation rules (each rule of `rules` not in `lintRules`). */
export declare function validationRulesTable(rules: Rules, lintRules: LintRules): string;
/** The spectral-ruleset README's table of lint-only rules, as Spectral rules `loom-<id>`. */
export declare function lintRulesTable(rules: Rules, lintRules: LintRules): string;
/** `text` with the generated table `name` replaced by `table`. */
export declare function withTable(text: string, name: string, table: string): string;
/** Both READMEs as the registry generates them. */
export declare function generatedReadmes(rules: Rules, lintRules: LintRules): [URL, string][];
