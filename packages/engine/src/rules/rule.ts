import type { Severity } from '../diagnostics.js';

/**
 * One rule of the registry: the stable id a Diagnostic carries as `code`, the severities it
 * reports at and what it reports. The README tables of rules are generated from these
 * declarations (`pnpm rules:update`), and a test checks that each rule's fixture yields it.
 */
export interface RuleDeclaration {
  /**
   * Every severity the rule reports at, the usual one first; a rule with two says in its
   * description when the other applies (DECISIONS D65).
   */
  readonly severities: readonly [Severity, ...Severity[]];
  /** What it reports, in Markdown, one to three sentences: the README's "What it reports" cell. */
  readonly description: string;
  /**
   * The document that shows it, in packages/engine/test/fixtures/rules/: `<rule-id>.arazzo.yaml`. Each
   * further severity is shown by `<rule-id>.<severity>.arazzo.yaml` beside it (DECISIONS D65).
   */
  readonly fixture: `${string}.arazzo.yaml`;
}
