/**
 * The criterion registry (Arazzo 1.0.1 §Criterion Object): one compiler per
 * `type`, chosen here, with the Criterion Expression Type Object's version.
 */
import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { ExpressionSyntaxError, inField } from '../errors.js';
import { parseExpression } from '../parser.js';
import { jsonPathCriterion } from './jsonpath.js';
import { regexCriterion } from './regex.js';
import { simpleCriterion } from './simple.js';
import type { CompiledCriterion, CriterionCompiler, CriterionInput, CriterionKind, CriterionResult } from './types.js';
import { xpathCriterion } from './xpath.js';

const COMPILERS: Readonly<Record<CriterionKind, CriterionCompiler>> = {
  simple: simpleCriterion,
  regex: regexCriterion,
  jsonpath: jsonPathCriterion,
  xpath: xpathCriterion,
};

function typeError(message: string, input: string): ExpressionSyntaxError {
  return new ExpressionSyntaxError('EXPR_UNKNOWN_TYPE', message, { input, offset: 0, field: 'type' });
}

/** Resolves `type` (a name or a Criterion Expression Type Object) to a compiler and version. */
function resolveType(type: CriterionInput['type']): { kind: CriterionKind; version: string | undefined } {
  if (type === undefined) return { kind: 'simple', version: undefined };
  if (typeof type === 'string') {
    if (!Object.prototype.hasOwnProperty.call(COMPILERS, type)) {
      throw typeError(`unknown criterion type '${type}': expected simple, regex, jsonpath or xpath`, type);
    }
    const kind = type as CriterionKind;
    return { kind, version: COMPILERS[kind].versions[0] };
  }
  if (type === null || typeof type !== 'object' || typeof type.type !== 'string' || typeof type.version !== 'string') {
    throw typeError('a criterion type must be a string or an object with string fields type and version', '');
  }
  if (type.type !== 'jsonpath' && type.type !== 'xpath') {
    throw typeError(`a Criterion Expression Type Object's type must be jsonpath or xpath, not '${type.type}'`, type.type);
  }
  // Arazzo 1.0.1 §Criterion Expression Type Object lists the allowed versions; the default (first) is implied by a plain type.
  const allowed = COMPILERS[type.type].versions.slice(1);
  if (!allowed.includes(type.version)) {
    throw typeError(`unknown ${type.type} version '${type.version}': expected ${allowed.join(', ')}`, type.version);
  }
  return { kind: type.type, version: type.version };
}

/** Parses a criterion's `context` (a runtime expression; `{$...}` braces are accepted around it, README E2). */
function parseContext(context: string): RuntimeExpression {
  const braced = context.startsWith('{$') && context.endsWith('}');
  try {
    return parseExpression(braced ? context.slice(1, -1) : context);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    if (!braced) throw inField(error, 'context');
    const offset = error.offset + 1;
    const message = error.message.replace(/at column \d+$/, `at column ${offset + 1}`);
    const expected = error.expected === undefined ? {} : { expected: error.expected };
    throw new ExpressionSyntaxError(error.code, message, { input: context, offset, field: 'context', ...expected });
  }
}

/**
 * Parses and checks a Criterion Object once; evaluate the result many times.
 * @throws ExpressionSyntaxError whose `field` says which field is wrong and `column` where.
 */
export function compileCriterion(input: CriterionInput): CompiledCriterion {
  if (input === null || typeof input !== 'object' || typeof input.condition !== 'string') {
    throw new ExpressionSyntaxError('EXPR_SYNTAX', 'a criterion needs a string condition', { input: '', offset: 0, field: 'condition' });
  }
  const { kind, version } = resolveType(input.type);
  let context: RuntimeExpression | undefined;
  if (input.context !== undefined) {
    if (typeof input.context !== 'string') {
      throw new ExpressionSyntaxError('EXPR_SYNTAX', 'a criterion context must be a runtime expression string', { input: '', offset: 0, field: 'context' });
    }
    context = parseContext(input.context);
  } else if (kind !== 'simple') {
    // Arazzo 1.0.1 §Criterion Object: "If type is specified, then the context MUST be provided".
    throw new ExpressionSyntaxError('EXPR_MISSING_CONTEXT', `a ${kind} criterion needs a context (for example $response.body)`, {
      input: input.condition,
      offset: 0,
      field: 'context',
    });
  }
  return COMPILERS[kind].compile(input, context, version ?? '');
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
