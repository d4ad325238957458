/**
 * Parse and evaluate throughput for typical conditions. The baseline in each
 * group is a hand-written JavaScript check of the same thing, measured in the
 * same run, so the ratio says what the interpreter costs.
 */
import { bench, describe } from 'vitest';
import type { EvaluationContext } from '@loom/expressions';
import { compileCriterion, evaluateCondition, evaluateCriterion, evaluateTemplate, parseCondition, parseExpression, parseTemplate } from '@loom/expressions';

const TYPICAL = "$statusCode == 200 && $response.body#/status == 'active'";
const context: EvaluationContext = {
  statusCode: 200,
  response: { headers: { 'content-type': 'application/json' }, body: { status: 'active', count: 3, pets: [{ id: 1 }, { id: 2 }] } },
  steps: { login: { outputs: { token: 'abc' } } },
};
const condition = parseCondition(TYPICAL);
const criterion = compileCriterion({ condition: TYPICAL });
const jsonPath = compileCriterion({ context: '$response.body', condition: '$.pets[?@.id == 2]', type: 'jsonpath' });
const template = parseTemplate('Bearer {$steps.login.outputs.token}');

describe('evaluate a cached condition', () => {
  bench('baseline: hand-written JavaScript', () => {
    const body = context.response?.body as { status?: unknown } | undefined;
    void (context.statusCode === 200 && typeof body?.status === 'string' && body.status.toLowerCase() === 'active');
  });
  bench('evaluateCondition', () => {
    evaluateCondition(condition, context);
  });
  bench('evaluateCriterion (simple)', () => {
    evaluateCriterion(criterion, context);
  });
});

describe('parse', () => {
  bench('baseline: JSON.parse of a similar-size document', () => {
    JSON.parse('{"statusCode":200,"status":"active","op":"&&"}');
  });
  bench('parseCondition (typical)', () => {
    parseCondition(TYPICAL);
  });
  bench('parseExpression', () => {
    parseExpression('$steps.someStepId.outputs.pets#/0/id');
  });
});

describe('other evaluations', () => {
  bench('evaluateTemplate', () => {
    evaluateTemplate(template, context);
  });
  bench('jsonpath criterion', () => {
    evaluateCriterion(jsonPath, context);
  });
});
