/**
 * `simple` criteria (Arazzo 1.0.1 §Criterion Object): a condition of literals,
 * operators and runtime expressions, evaluated against the run. A `context`,
 * when given, is parsed and checked but does not change what the condition's
 * expressions read (README E1).
 */
import type { Condition, ConditionNode, RuntimeExpression } from '../ast.js';
import { compareValues, compareValuesV11, isTruthy } from '../compare.js';
import type { EvaluationContext } from '../context.js';
import { ExpressionSyntaxError, inField } from '../errors.js';
import { evaluateExpression, evaluateNode, explainMissing } from '../evaluate.js';
import { parseCondition } from '../parser.js';
import { joinDeclaredNames } from '../declared-names.js';
import { conditionDialect } from '../dialect.js';
import { describeValue } from './describe-value.js';
import type { CompiledCriterion, CriterionCompiler } from './types.js';
import { PASSED } from './types.js';

export const simpleCriterion: CriterionCompiler = {
  versions: [],
  compile(input, context, _version, rewrite, rules) {
    let condition: Condition;
    try {
      condition = parseCondition(input.condition);
    } catch (error) {
      throw error instanceof ExpressionSyntaxError ? inField(error, 'condition') : error;
    }
    // DECISIONS D46: a declared dotted name (`$inputs.user.email`) is read as itself, once, here.
    if (rewrite?.scope !== undefined) condition = { ...condition, body: joinDeclaredNames(condition.body, rewrite.scope) };
    const operands = conditionExpressions(condition.body);
    const literalDialect = conditionDialect(condition.body);
    // DECISIONS D99: the comparison rules are the document version's, chosen here once, not per evaluation.
    const compare = rules === '1.1' ? compareValuesV11 : compareValues;
    const compiled: CompiledCriterion = {
      kind: 'simple',
      version: undefined,
      condition: input.condition,
      context,
      expressions: context === undefined ? operands : [context, ...operands],
      ...(literalDialect.length > 0 ? { literalDialect } : {}),
      evaluate(evaluationContext) {
        return isTruthy(evaluateNode(condition.body, evaluationContext, compare))
          ? PASSED
          : { passed: false, explanation: explainCondition(condition, operands, evaluationContext) };
      },
    };
    return compiled;
  },
};

/** The runtime expressions a condition reads, left to right. */
export function conditionExpressions(node: ConditionNode, into: RuntimeExpression[] = []): RuntimeExpression[] {
  switch (node.type) {
    case 'Expression':
      into.push(node);
      break;
    case 'Binary':
      conditionExpressions(node.left, into);
      conditionExpressions(node.right, into);
      break;
    case 'Not':
      conditionExpressions(node.operand, into);
      break;
    case 'Member':
    case 'Index':
      conditionExpressions(node.object, into);
      break;
    case 'Literal':
      break;
  }
  return into;
}

/** `$statusCode == 200: got 503`, or with several operands `got $a = 1, $b = 'x'`. */
export function explainCondition(condition: Condition, operands: readonly RuntimeExpression[], context: EvaluationContext): string {
  if (operands.length === 0) return `${condition.source}: is false`;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const operand of operands) {
    const text = condition.source.slice(operand.start, operand.end);
    if (seen.has(text)) continue;
    seen.add(text);
    const value = evaluateExpression(operand, context);
    const shown = value === undefined ? `nothing (${explainMissing(operand, context) ?? 'no value'})` : describeValue(value, context.maskText);
    parts.push(operands.length === 1 ? shown : `${text} = ${shown}`);
  }
  return `${condition.source}: got ${parts.join(', ')}`;
}

