import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { evaluateExpression, explainMissing } from '../evaluate.js';
import { printExpression } from '../printer.js';
import type { CriterionResult } from './types.js';

/** A failed result for a criterion whose `context` has no value (DECISIONS D5: a missing context fails). */
export function missingContext(context: RuntimeExpression, evaluationContext: EvaluationContext): CriterionResult {
  const reason = explainMissing(context, evaluationContext) ?? 'no value';
  return { passed: false, explanation: `context ${printExpression(context)} has no value: ${reason}` };
}

export function readContext(context: RuntimeExpression | undefined, evaluationContext: EvaluationContext): unknown {
  return context === undefined ? undefined : evaluateExpression(context, evaluationContext);
}
