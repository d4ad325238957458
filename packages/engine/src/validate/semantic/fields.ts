import { isRecord } from '@loom/expressions/internal';
import { isReusableObject } from '../../model/arazzo.js';
import { criteriaOf, objectItems, stepsOf, stringField, workflowsOf, type Data, type Located } from '../document-walk.js';
import type { DiagnosticSink } from './context.js';
import { componentOf } from './uniqueness.js';

/** Arazzo 1.0.1 §Workflow Object / §Step Object `outputs`: "The name MUST use keys that match ^[a-zA-Z0-9\.\-_]+$". */
const OUTPUT_NAME = /^[a-zA-Z0-9.\-_]+$/;
const STEP_TARGETS = ['operationId', 'operationPath', 'workflowId'] as const;

/** Rules about single objects that the schema cannot state clearly. */
export function checkFields(document: Data, sink: DiagnosticSink): void {
  for (const workflow of workflowsOf(document)) {
    checkOutputNames(workflow, sink);
    const reported = new Set<string>();
    for (const step of stepsOf(workflow)) {
      checkStepTarget(step, sink);
      checkOutputNames(step, sink);
      checkParameterLocations(document, workflow, step, sink, reported);
    }
    for (const criterion of criteriaOf(workflow)) checkCriterion(criterion, sink);
  }
  const components = document['components'];
  for (const kind of ['successActions', 'failureActions'] as const) {
    const group = isRecord(components) ? components[kind] : undefined;
    if (!isRecord(group)) continue;
    for (const [name, action] of Object.entries(group)) {
      for (const criterion of objectItems(action, 'criteria', ['components', kind, name])) checkCriterion(criterion, sink);
    }
  }
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

// Arazzo 1.0.1 §Parameter Object `in`: required unless the step runs a workflow.
// DECISIONS D13: Loom takes a missing `in` from the operation's only parameter of that name, so this is a warning.
function checkParameterLocations(document: Data, workflow: Located<Data>, step: Located<Data>, sink: DiagnosticSink, reported: Set<string>): void {
  if (step.value['workflowId'] !== undefined || (step.value['operationId'] === undefined && step.value['operationPath'] === undefined)) return;
  const lists = [...objectItems(workflow.value, 'parameters', workflow.path), ...objectItems(step.value, 'parameters', step.path)];
  for (const item of lists) {
    if (isReusableObject(item.value)) continue;
    const parameter = componentOf(document, item.value, 'parameters');
    if (!parameter || parameter['in'] !== undefined || typeof parameter['name'] !== 'string') continue;
    const key = item.path.join('/');
    if (reported.has(key)) continue;
    reported.add(key);
    const stepId = stringField(step.value, 'stepId') ?? '?';
    sink.report('parameter-in', [...item.path, 'name'], `Parameter '${parameter['name']}' has no 'in' but step '${stepId}' calls an operation; Arazzo requires 'in' there. Loom uses the operation's parameter of that name (D13).`, { severity: 'warning' });
  }
}
