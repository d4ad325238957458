import { evaluateExpression, type CompiledCriterion, type CriterionResult, type EvaluationContext } from '@loom/expressions';
import { printExpression } from '@loom/expressions/internal';

/**
 * DECISIONS D99: a criterion of an Arazzo 1.1 document, with the 1.1 clarifications of §Condition Evaluation
 * that differ from Loom's 1.0 decisions: a `regex`, `jsonpath` or `xpath` criterion whose context is null (or
 * missing) fails, and a criterion that cannot be evaluated fails with the reason instead of ending the run.
 */
export function evaluateV11Criterion(compiled: CompiledCriterion): (context: EvaluationContext) => CriterionResult | Promise<CriterionResult> {
  const contextExpression = compiled.kind === 'simple' ? undefined : compiled.context;
  const failed = (error: unknown): CriterionResult => ({
    passed: false,
    explanation: `${compiled.condition}: could not be evaluated (${error instanceof Error ? error.message : String(error)})`,
  });
  return (context) => {
    try {
      if (contextExpression !== undefined) {
        const value = evaluateExpression(contextExpression, context);
        // Arazzo 1.1.0 §Condition Evaluation: "If the context evaluates to null or undefined, the condition MUST evaluate to fail".
        if (value === null || value === undefined) return { passed: false, explanation: `${compiled.condition}: the context ${printExpression(contextExpression)} is ${value === null ? 'null' : 'missing'}` };
      }
      const result = compiled.evaluate(context);
      return result instanceof Promise ? result.catch(failed) : result;
    } catch (error) {
      return failed(error);
    }
  };
}
