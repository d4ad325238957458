/**
 * The criterion registry (Arazzo 1.0.1 §Criterion Object): one compiler per
 * `type`, chosen here, with the Criterion Expression Type Object's version
 * (Arazzo 1.1 §Expression Type Object, with `jsonpointer`, for 1.1 documents).
 */
import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import type { ExpressionRewrite } from '../declared-names.js';
import { ExpressionSyntaxError, inField, syntaxError } from '../errors.js';
import { parseExpression } from '../parser.js';
import { scanRuntimeExpression } from '../runtime-expression.js';
import { jsonPathCriterion } from './jsonpath.js';
import { jsonPointerCriterion } from './jsonpointer.js';
import { regexCriterion } from './regex.js';
import { simpleCriterion } from './simple.js';
import type { CompiledCriterion, CriterionCompiler, CriterionInput, CriterionKind, CriterionResult, CriterionRules } from './types.js';
import { xpathCriterion } from './xpath.js';

const COMPILERS: Readonly<Record<CriterionKind, CriterionCompiler>> = {
  simple: simpleCriterion,
  regex: regexCriterion,
  jsonpath: jsonPathCriterion,
  xpath: xpathCriterion,
  jsonpointer: jsonPointerCriterion,
};

/** The types a criterion may name as a string (Arazzo 1.0.1 and 1.1 §Criterion Object `type`). */
const NAMED_TYPES: ReadonlySet<string> = new Set<CriterionKind>(['simple', 'regex', 'jsonpath', 'xpath']);

/** The types an Expression Type Object may name: Arazzo 1.1 adds `jsonpointer` (DECISIONS D99). */
const OBJECT_TYPES: Readonly<Record<CriterionRules, readonly CriterionKind[]>> = { '1.0': ['jsonpath', 'xpath'], '1.1': ['jsonpath', 'xpath', 'jsonpointer'] };

function typeError(message: string, input: string): ExpressionSyntaxError {
  return new ExpressionSyntaxError('EXPR_UNKNOWN_TYPE', message, { input, offset: 0, field: 'type' });
}

/** Resolves `type` (a name or an Expression Type Object) to a compiler and version. */
function resolveType(type: CriterionInput['type'], rules: CriterionRules): { kind: CriterionKind; version: string | undefined } {
  if (type === undefined) return { kind: 'simple', version: undefined };
  if (typeof type === 'string') {
    if (!NAMED_TYPES.has(type)) {
      throw typeError(`unknown criterion type '${type}': expected simple, regex, jsonpath or xpath`, type);
    }
    const kind = type as CriterionKind;
    return { kind, version: COMPILERS[kind].versions[0] };
  }
  if (type === null || typeof type !== 'object' || typeof type.type !== 'string' || typeof type.version !== 'string') {
    throw typeError('a criterion type must be a string or an object with string fields type and version', '');
  }
  const types = OBJECT_TYPES[rules];
  if (!(types as readonly string[]).includes(type.type)) {
    throw typeError(`an Expression Type Object's type must be ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]!}, not '${type.type}'`, type.type);
  }
  const kind = type.type as CriterionKind;
  // Arazzo 1.0.1 §Criterion Expression Type Object lists only the versions other than the default (first), which a plain
  // type implies; Arazzo 1.1.0 §Expression Type Object lists every version, the default included.
  const allowed = rules === '1.1' ? COMPILERS[kind].versions : COMPILERS[kind].versions.slice(1);
  if (!allowed.includes(type.version)) {
    throw typeError(`unknown ${kind} version '${type.version}': expected ${allowed.join(', ')}`, type.version);
  }
  return { kind, version: type.version };
}

/**
 * Parses a criterion's `context` (a runtime expression; `{$...}` braces are accepted around it, README E2).
 * Offsets, in the expression and in errors, count in `context` as written, braces included.
 */
function parseContext(context: string): RuntimeExpression {
  const braced = context.startsWith('{$') && context.endsWith('}');
  try {
    if (!braced) return parseExpression(context);
    const expression = scanRuntimeExpression(context, 1, 'template');
    if (expression.end !== context.length - 1) throw syntaxError(context, expression.end, "'}' at the end of the context");
    return expression;
  } catch (error) {
    throw error instanceof ExpressionSyntaxError ? inField(error, 'context') : error;
  }
}

/**
 * Parses and checks a Criterion Object once; evaluate the result many times. `rewrite`
 * applies to the context and to expressions embedded in a jsonpath or xpath condition
 * (the names a document declares, DECISIONS D46); `rules` are the Arazzo version's (DECISIONS D99).
 * @throws ExpressionSyntaxError whose `field` says which field is wrong and `column` where.
 */
export function compileCriterion(input: CriterionInput, rewrite?: ExpressionRewrite, rules: CriterionRules = '1.0'): CompiledCriterion {
  if (input === null || typeof input !== 'object' || typeof input.condition !== 'string') {
    throw new ExpressionSyntaxError('EXPR_SYNTAX', 'a criterion needs a string condition', { input: '', offset: 0, field: 'condition' });
  }
  const { kind, version } = resolveType(input.type, rules);
  let context: RuntimeExpression | undefined;
  if (input.context !== undefined) {
    if (typeof input.context !== 'string') {
      throw new ExpressionSyntaxError('EXPR_SYNTAX', 'a criterion context must be a runtime expression string', { input: '', offset: 0, field: 'context' });
    }
    context = parseContext(input.context);
    if (rewrite !== undefined) context = rewrite(context);
  } else if (kind !== 'simple') {
    // Arazzo 1.0.1 §Criterion Object: "If type is specified, then the context MUST be provided".
    throw new ExpressionSyntaxError('EXPR_MISSING_CONTEXT', `a ${kind} criterion needs a context (for example $response.body)`, {
      input: input.condition,
      offset: 0,
      field: 'context',
    });
  }
  return COMPILERS[kind].compile(input, context, version ?? '', rewrite, rules);
}

/**
 * Evaluates a compiled criterion. Synchronous for simple, regex and jsonpath, and
 * for xpath once `preloadXPath()` has finished; otherwise a promise.
 */
export function evaluateCriterion(criterion: CompiledCriterion, context: EvaluationContext): CriterionResult | Promise<CriterionResult> {
  return criterion.evaluate(context);
}

/** Like `evaluateCriterion`, always as a promise. */
export async function evaluateCriterionAsync(criterion: CompiledCriterion, context: EvaluationContext): Promise<CriterionResult> {
  return criterion.evaluate(context);
}
