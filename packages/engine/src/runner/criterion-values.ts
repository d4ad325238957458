/**
 * DECISIONS D110: what a criterion event records of the values a criterion read, passed or not, so that a
 * trace shows why each criterion and action was decided. Read again after the evaluation, only when a
 * listener is there: a run nobody watches does no work for it.
 */
import { evaluateExpression, type CompiledCriterion, type EvaluationContext } from '@loom/expressions';
import { describeValue, printExpression } from '@loom/expressions/internal';
import type { CriterionValue } from '../events/types.js';

/** A reader of the criterion's runtime expressions (context, operands, embedded `{$...}`), each once, in order. */
export function criterionValueReader(compiled: CompiledCriterion): (context: EvaluationContext) => CriterionValue[] {
  const reads = new Map<string, CompiledCriterion['expressions'][number]>();
  for (const expression of compiled.expressions) {
    const text = printExpression(expression);
    if (!reads.has(text)) reads.set(text, expression);
  }
  const entries = [...reads];
  // One short line each (at most 80 characters, masked as explanations are): an event stays small whatever the body.
  return (context) => entries.map(([expression, read]) => ({ expression, value: describeValue(evaluateExpression(read, context), context.maskText) }));
}
