import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import type { ExpressionRewrite } from '../declared-names.js';
import type { DialectUse } from '../dialect.js';

/** The criterion types of Arazzo 1.0.1 §Criterion Object; `jsonpointer` is Arazzo 1.1's, through an Expression Type Object only. */
export type CriterionKind = 'simple' | 'regex' | 'jsonpath' | 'xpath' | 'jsonpointer';

/** Arazzo 1.0.1 §Criterion Expression Type Object (Arazzo 1.1 §Expression Type Object adds `jsonpointer`). */
export interface CriterionExpressionTypeInput {
  readonly type: string;
  readonly version: string;
}

/** A Criterion Object as written in a document. */
export interface CriterionInput {
  readonly context?: string;
  readonly condition: string;
  readonly type?: string | CriterionExpressionTypeInput;
}

/** Whether a criterion held, and why not. */
export interface CriterionResult {
  readonly passed: boolean;
  /** Why it failed, with the values seen (`$statusCode == 200: got 503`); absent when it passed. */
  readonly explanation?: string;
}

/** A criterion parsed once, ready to evaluate many times. */
export interface CompiledCriterion {
  readonly kind: CriterionKind;
  /** The expression language version: `rfc9535`, `draft-goessner-dispatch-jsonpath-00`, `xpath-31`, `xpath-30`, ..., `rfc6901` */
  readonly version: string | undefined;
  readonly condition: string;
  /** The parsed `context`, when given. */
  readonly context: RuntimeExpression | undefined;
  /** Every runtime expression the criterion reads (context, condition operands, embedded `{$...}`). */
  readonly expressions: readonly RuntimeExpression[];
  /** Double-quoted literals of a simple condition (DECISIONS D47), in offsets of the condition. */
  readonly literalDialect?: readonly DialectUse[];
  /** Synchronous for simple, regex, jsonpath and jsonpointer; xpath returns a promise until `preloadXPath()` has finished. */
  evaluate(context: EvaluationContext): CriterionResult | Promise<CriterionResult>;
}

/**
 * Whose Criterion rules a criterion is compiled with: an Arazzo 1.0 document's (the default) or a 1.1
 * document's, which add the `jsonpointer` expression type and order numeric strings as numbers (DECISIONS D99).
 */
export type CriterionRules = '1.0' | '1.1';

/** One criterion type's compiler, registered in `criteria/index.ts`. */
export interface CriterionCompiler {
  /** Versions accepted in a Criterion Expression Type Object; the first is the default. */
  readonly versions: readonly string[];
  /** `rewrite` applies to the expressions embedded in the condition (DECISIONS D46). */
  compile(input: CriterionInput, context: RuntimeExpression | undefined, version: string, rewrite: ExpressionRewrite | undefined, rules: CriterionRules): CompiledCriterion;
}

/** Shared result for every passing evaluation: passing allocates nothing. */
export const PASSED: CriterionResult = Object.freeze({ passed: true });
