import type { RunResult } from '@loom/engine';
import { copyJson, MAX_SHOWN_DEPTH } from '@loom/expressions/internal';

/**
 * The `loom run --json` contract: exactly this object on stdout.
 * `steps` has one entry per step execution, in the order they ran.
 */
export function toJsonRunReport(result: RunResult) {
  return {
    workflowId: result.workflowId,
    status: result.status,
    // Unmasked outputs (--show-secrets) come whole; cut them off where JSON.stringify would overflow (DECISIONS D33).
    outputs: copyJson(result.outputs, { maxDepth: MAX_SHOWN_DEPTH }),
    steps: result.steps.map((step) => ({
      stepId: step.stepId,
      workflowId: step.workflowId,
      status: step.status,
      attempts: step.attempts,
      statusCode: step.statusCode ?? null,
      durationMs: Math.round(step.durationMs * 10) / 10,
      ...(step.reason !== undefined ? { reason: step.reason } : {}),
      // An asynchronous step (Arazzo 1.1): `{ action: 'send' | 'receive', channel }`.
      ...(step.message !== undefined ? { message: step.message } : {}),
    })),
    ...(result.error ? { error: { message: result.error.message, stepId: result.error.stepId ?? null } } : {}),
  };
}
