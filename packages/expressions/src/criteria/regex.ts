/**
 * `regex` criteria: an ECMAScript pattern, with or without `/pattern/flags`
 * delimiters, tested against the context's string form (DECISIONS D5).
 */
import { ExpressionSyntaxError } from '../errors.js';
import { printExpression } from '../printer.js';
import { contextString, describeValue } from './describe-value.js';
import { missingContext, readContext } from './context-value.js';
import type { CompiledCriterion, CriterionCompiler } from './types.js';
import { PASSED } from './types.js';

const DELIMITED = /^\/([\s\S]*)\/([dgimsuvy]*)$/;

/** DECISIONS D5: `/^a/i` is a pattern with flags; anything else is the pattern itself. */
export function compileRegex(condition: string): RegExp {
  const delimited = condition.length >= 2 ? DELIMITED.exec(condition) : null;
  const pattern = delimited ? (delimited[1] as string) : condition;
  const flags = delimited ? (delimited[2] as string) : '';
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new ExpressionSyntaxError('EXPR_INVALID_REGEX', `invalid regular expression: ${(error as Error).message}`, {
      input: condition,
      offset: 0,
      field: 'condition',
    });
  }
}

export const regexCriterion: CriterionCompiler = {
  versions: [],
  compile(input, context) {
    const regex = compileRegex(input.condition);
    const compiled: CompiledCriterion = {
      kind: 'regex',
      version: undefined,
      condition: input.condition,
      context,
      expressions: context === undefined ? [] : [context],
      evaluate(evaluationContext) {
        const value = readContext(context, evaluationContext);
        if (value === undefined || context === undefined) return missingContext(context!, evaluationContext);
        // A `g` or `y` flag makes test() remember lastIndex; every evaluation starts afresh.
        regex.lastIndex = 0;
        if (regex.test(contextString(value))) return PASSED;
        return { passed: false, explanation: `${input.condition} did not match ${describeValue(value, evaluationContext.maskText)} (${printExpression(context)})` };
      },
    };
    return compiled;
  },
};
