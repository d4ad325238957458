/**
 * `regex` criteria: an ECMAScript pattern, with or without `/pattern/flags`
 * delimiters, tested against the context's string form (DECISIONS D5), on a
 * linear-time engine (DECISIONS D34, regex-translate.ts).
 */
import { ExpressionSyntaxError } from '../errors.js';
import { printExpression } from '../printer.js';
import { contextString, describeValue } from './describe-value.js';
import { missingContext, readContext } from './context-value.js';
import type { CompiledCriterion, CriterionCompiler } from './types.js';
import { PASSED } from './types.js';
import { re2 } from './regex-engine.js';
import { translateToRe2, UnsupportedRegexError } from './regex-translate.js';

const DELIMITED = /^\/([\s\S]*)\/([dgimsuvy]*)$/;

/** A regex criterion's condition taken apart (DECISIONS D5); `offset` is where the pattern starts in it. */
export function splitRegexCondition(condition: string): { readonly pattern: string; readonly flags: string; readonly offset: number } {
  const delimited = condition.length >= 2 ? DELIMITED.exec(condition) : null;
  return delimited ? { pattern: delimited[1] as string, flags: delimited[2] as string, offset: 1 } : { pattern: condition, flags: '', offset: 0 };
}

/** A compiled regex criterion pattern: only whether it matches is ever asked. */
export interface CompiledPattern {
  test(text: string): boolean;
}

/**
 * DECISIONS D5: `/^a/i` is a pattern with flags; anything else is the pattern itself.
 * DECISIONS D34: it runs on RE2 (re2js), so matching takes time linear in the text;
 * backreferences and lookahead are refused here, at their position.
 */
export function compileRegex(condition: string): CompiledPattern {
  const { pattern, flags, offset: patternOffset } = splitRegexCondition(condition);
  const invalid = (message: string, offset: number) =>
    new ExpressionSyntaxError('EXPR_INVALID_REGEX', message, { input: condition, offset: patternOffset + offset, field: 'condition' });
  try {
    // ECMAScript is the dialect documents are written in; its own check gives the familiar message.
    new RegExp(pattern, flags);
  } catch (error) {
    throw invalid(`invalid regular expression: ${(error as Error).message}`, 0);
  }
  try {
    const translated = translateToRe2(pattern, flags);
    return re2().compile(translated.source, translated.flags);
  } catch (error) {
    const unsupported = error instanceof UnsupportedRegexError;
    const what = unsupported ? error.message : `RE2 cannot run this pattern: ${(error as Error).message}`;
    throw invalid(`${what} in a regex criterion (DECISIONS D34: Loom matches patterns in linear time)`, unsupported ? error.offset : 0);
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
        if (regex.test(contextString(value))) return PASSED;
        return { passed: false, explanation: `${input.condition} did not match ${describeValue(value, evaluationContext.maskText)} (${printExpression(context)})` };
      },
    };
    return compiled;
  },
};
