import type { RunEvent } from '@loom/engine';
import { createTextBudget, displayText, type BoundedText, type TextBudget } from './bounded-text.js';

/** One attempt of a step as the HTML report shows it, built from the run's (masked) events. */
export interface RecordedAttempt {
  readonly attempt: number;
  /** Milliseconds since the run started. */
  readonly startedAt: number;
  readonly kind: 'operation' | 'workflow';
  readonly operation?: string;
  request?: { readonly method: string; readonly url: string; readonly headers: BoundedText; readonly body?: BoundedText };
  response?: { readonly statusCode: number; readonly headers: BoundedText; readonly durationMs: number; readonly bytes: number; readonly body?: BoundedText };
  readonly criteria: { readonly owner: string; readonly condition: string; readonly passed: boolean; readonly explanation?: BoundedText }[];
  readonly actions: { readonly kind: 'success' | 'failure'; readonly name: string; readonly action: string; readonly target?: string; readonly delayMs?: number }[];
}

/** One execution of a step (its attempts, retries included), in the order the run started them. */
export interface RecordedStep {
  readonly workflowId: string;
  readonly stepId: string;
  /** Nesting depth of its workflow: 0 for the run's own. */
  readonly depth: number;
  readonly startedAt: number;
  readonly attempts: RecordedAttempt[];
  end?: { readonly status: 'success' | 'failure'; readonly statusCode?: number; readonly durationMs: number; readonly reason?: BoundedText; readonly outputs?: BoundedText };
}

/** What a run recorder collected: the run's inputs and every step execution. */
export interface RunRecording {
  readonly inputs?: BoundedText;
  readonly steps: readonly RecordedStep[];
}

/** Listens to one run's events (`RunOptions.onEvent`) and keeps what the HTML report shows, bounded (DECISIONS D89). */
export interface RunRecorder {
  onEvent(event: RunEvent): void;
  recording(): RunRecording;
}

/**
 * A recorder for one run. The events it receives are already masked by the engine (DECISIONS D21),
 * so the recording never holds a secret the run's masking hid. Recorders of the runs of one report
 * share one budget (D89), passed to `renderHtmlReport` too.
 */
export function createRunRecorder(budget: TextBudget = createTextBudget()): RunRecorder {
  const steps: RecordedStep[] = [];
  // Open step executions by workflow and step; a stack, as a workflow may run again inside itself.
  const open = new Map<string, RecordedStep[]>();
  let depth = -1;
  let inputs: BoundedText | undefined;
  const key = (workflowId: string, stepId: string) => `${workflowId}\u0000${stepId}`;
  const current = (workflowId: string, stepId: string): RecordedStep | undefined => open.get(key(workflowId, stepId))?.at(-1);
  const lastAttempt = (workflowId: string, stepId: string): RecordedAttempt | undefined => current(workflowId, stepId)?.attempts.at(-1);
  const bound = (value: unknown): BoundedText => budget.bound(displayText(value));

  return {
    onEvent(event) {
      switch (event.type) {
        case 'run.start':
          inputs = bound(event.inputs);
          return;
        case 'workflow.start':
          depth = event.depth;
          return;
        case 'workflow.end':
          depth = event.depth - 1;
          return;
        case 'step.start': {
          const attempt: RecordedAttempt = {
            attempt: event.attempt,
            startedAt: event.time,
            kind: event.kind,
            ...(event.operation !== undefined ? { operation: event.operation } : {}),
            criteria: [],
            actions: [],
          };
          const running = current(event.workflowId, event.stepId);
          if (event.attempt > 1 && running && !running.end) {
            running.attempts.push(attempt);
            return;
          }
          const step: RecordedStep = { workflowId: event.workflowId, stepId: event.stepId, depth: Math.max(0, depth), startedAt: event.time, attempts: [attempt] };
          steps.push(step);
          const stack = open.get(key(event.workflowId, event.stepId));
          if (stack) stack.push(step);
          else open.set(key(event.workflowId, event.stepId), [step]);
          return;
        }
        case 'request': {
          const attempt = lastAttempt(event.workflowId, event.stepId);
          if (attempt) attempt.request = { method: event.method, url: event.url, headers: bound(headerLines(event.headers)), ...(event.body !== undefined ? { body: bound(event.body) } : {}) };
          return;
        }
        case 'response': {
          const attempt = lastAttempt(event.workflowId, event.stepId);
          if (attempt) {
            attempt.response = {
              statusCode: event.statusCode,
              headers: bound(headerLines(event.headers)),
              durationMs: event.durationMs,
              bytes: event.bytes,
              ...(event.body !== undefined ? { body: bound(event.body) } : {}),
            };
          }
          return;
        }
        case 'criterion':
          lastAttempt(event.workflowId, event.stepId)?.criteria.push({
            owner: event.owner,
            condition: event.condition,
            passed: event.passed,
            ...(event.explanation !== undefined ? { explanation: bound(event.explanation) } : {}),
          });
          return;
        case 'action': {
          const target = event.targetStepId ?? (event.targetWorkflowId !== undefined ? `workflow ${event.targetWorkflowId}` : undefined);
          lastAttempt(event.workflowId, event.stepId)?.actions.push({
            kind: event.kind,
            name: event.name,
            action: event.action,
            ...(target !== undefined ? { target } : {}),
            ...(event.delayMs !== undefined ? { delayMs: event.delayMs } : {}),
          });
          return;
        }
        case 'step.end': {
          const stack = open.get(key(event.workflowId, event.stepId));
          const step = stack?.pop();
          if (stack?.length === 0) open.delete(key(event.workflowId, event.stepId));
          if (!step) return;
          step.end = {
            status: event.status,
            ...(event.statusCode !== undefined ? { statusCode: event.statusCode } : {}),
            durationMs: event.durationMs,
            ...(event.reason !== undefined ? { reason: bound(event.reason) } : {}),
            ...(event.outputs !== undefined && Object.keys(event.outputs).length > 0 ? { outputs: bound(event.outputs) } : {}),
          };
          return;
        }
        default:
          return;
      }
    },
    recording: () => ({ ...(inputs !== undefined ? { inputs } : {}), steps }),
  };
}

function headerLines(headers: Readonly<Record<string, string | readonly string[]>>): string {
  return Object.entries(headers)
    .flatMap(([name, value]) => (typeof value === 'string' ? [value] : value).map((item) => `${name}: ${item}`))
    .join('\n');
}
