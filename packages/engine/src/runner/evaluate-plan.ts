import { type CriterionResult, type EvaluationContext } from '@loom/expressions';
import { writeOwn } from '@loom/expressions/internal';
import type { CriterionPlan, OutputPlan } from './plan.js';

/**
 * All criteria must hold (Arazzo 1.0.1 §Step Object successCriteria, §Success Action Object criteria).
 * Every criterion is evaluated, so a failed step can say everything that was wrong.
 * Synchronous criteria (simple, regex, jsonpath) are not awaited: no microtask on the hot path.
 */
export async function evaluateCriteria(
  criteria: readonly CriterionPlan[],
  context: EvaluationContext,
  onEach?: (criterion: CriterionPlan, outcome: CriterionResult) => void,
): Promise<CriterionResult> {
  let failed: string[] | undefined;
  for (const criterion of criteria) {
    const pending = criterion.evaluate(context);
    const outcome = pending instanceof Promise ? await pending : pending;
    onEach?.(criterion, outcome);
    if (!outcome.passed) (failed ??= []).push(outcome.explanation ?? `${criterion.condition}: not satisfied`);
  }
  return failed ? { passed: false, explanation: failed.join('; ') } : PASSED;
}

const PASSED: CriterionResult = Object.freeze({ passed: true });

/** DECISIONS D10: outputs are evaluated from what ran; one that cannot be resolved is left out and reported. */
export function evaluateOutputs(
  outputs: readonly OutputPlan[],
  context: EvaluationContext,
): { values: Record<string, unknown>; missing: readonly string[] } {
  const values: Record<string, unknown> = {};
  let missing: string[] | undefined;
  for (const output of outputs) {
    const value = output.value.evaluate(context);
    if (value === undefined) (missing ??= []).push(`${output.name}: ${output.value.explainMissing(context) ?? 'no value'}`);
    else writeOwn(values, output.name, value);
  }
  return { values, missing: missing ?? [] };
}
