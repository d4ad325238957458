import type { RunEvent, RunResult } from '@loom/engine';
import { formatResponseExcerpt } from '../reporters/response-excerpt.js';
import type { StepOutcome } from './types.js';

/**
 * Collects, from a run's (masked) events, what a failed step's report shows: the success criteria
 * that did not hold with the values seen, and the response that failed it, as `loom run` shows them.
 */
export function createStepDetails() {
  const details = new Map<string, { failedCriteria: string[]; response?: readonly string[] }>();
  const key = (workflowId: string, stepId: string) => `${workflowId}\u0000${stepId}`;
  return {
    onEvent(event: RunEvent): void {
      if (event.type === 'step.start') details.set(key(event.workflowId, event.stepId), { failedCriteria: [] });
      else if (event.type === 'criterion' && !event.passed && event.owner === 'successCriteria') details.get(key(event.workflowId, event.stepId))?.failedCriteria.push(event.explanation ?? event.condition);
      else if (event.type === 'response') {
        const entry = details.get(key(event.workflowId, event.stepId));
        if (entry) entry.response = formatResponseExcerpt(event);
      }
    },
    /** The steps of `result`, failed ones with their details (those of their last attempt). */
    outcomes(result: RunResult): StepOutcome[] {
      return result.steps.map((step) => {
        const entry = step.status === 'failure' ? details.get(key(step.workflowId, step.stepId)) : undefined;
        return {
          stepId: step.stepId,
          workflowId: step.workflowId,
          status: step.status,
          attempts: step.attempts,
          ...(step.statusCode !== undefined ? { statusCode: step.statusCode } : {}),
          durationMs: step.durationMs,
          failedCriteria: entry?.failedCriteria ?? [],
          ...(step.reason !== undefined && step.status === 'failure' ? { reason: step.reason } : {}),
          ...(entry?.response ? { response: entry.response } : {}),
        };
      });
    },
  };
}
