import { isRecord } from '@loom/expressions/internal';
import { stringField, type Data, type Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { DiagnosticSink, RuleContext } from './context.js';

/** Arazzo 1.0.1 §Workflow Object / §Step Object `outputs`: "The name MUST use keys that match ^[a-zA-Z0-9\.\-_]+$". */
export const OUTPUT_NAME = /^[a-zA-Z0-9.\-_]+$/;
// Arazzo 1.1.0 §Step Object: an asynchronous step may name its operation with `channelPath` instead (the 1.0 schema refuses the field).
const STEP_TARGETS = ['operationId', 'operationPath', 'channelPath', 'workflowId'] as const;

/** Rules about single objects that the schema cannot state clearly. */
export function fieldsVisitor({ sink }: RuleContext): DocumentVisitor {
  return {
    enterWorkflow: (workflow) => checkOutputNames(workflow, sink),
    enterStep(step) {
      checkStepTarget(step, sink);
      checkOutputNames(step, sink);
    },
    criterion: (criterion) => checkCriterion(criterion, sink),
  };
}

// Arazzo 1.0.1 §Step Object: operationId, operationPath and workflowId are mutually exclusive, and a step calls something.
function checkStepTarget(step: Located<Data>, sink: DiagnosticSink): void {
  const present = STEP_TARGETS.filter((field) => step.value[field] !== undefined);
  const stepId = stringField(step.value, 'stepId') ?? '?';
  if (present.length === 0) {
    sink.report('step-target', step.path, `Step '${stepId}' must have one of operationId, operationPath or workflowId.`);
  } else if (present.length > 1) {
    sink.report('step-target', [...step.path, present[1]!], `Step '${stepId}' has ${present.join(' and ')}; it must have exactly one of operationId, operationPath or workflowId.`, { part: 'key' });
  }
}

function checkOutputNames(owner: Located<Data>, sink: DiagnosticSink): void {
  const outputs = owner.value['outputs'];
  if (!isRecord(outputs)) return;
  for (const name of Object.keys(outputs)) {
    if (!OUTPUT_NAME.test(name)) sink.report('output-name', [...owner.path, 'outputs', name], `Output name '${name}' may only use letters, digits, '.', '-' and '_' (^[a-zA-Z0-9.\\-_]+$).`, { part: 'key' });
  }
}

// Arazzo 1.0.1 §Criterion Object `context`: "If type is specified, then the context MUST be provided".
function checkCriterion(criterion: Located<Data>, sink: DiagnosticSink): void {
  if (criterion.value['type'] !== undefined && criterion.value['context'] === undefined) {
    const type = criterion.value['type'];
    const shown = typeof type === 'string' ? type : isRecord(type) && typeof type['type'] === 'string' ? type['type'] : 'typed';
    sink.report('criterion-type-context', [...criterion.path, 'type'], `A ${shown} criterion needs a 'context' (the value the condition is applied to, e.g. $response.body).`, { part: 'key' });
  }
}
