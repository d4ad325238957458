import { isRecord } from '@loom/expressions/internal';
import { isReusableObject } from '../../model/arazzo.js';
import { expressionsOf } from '../../model/document-expressions.js';
import { actionListsOf, objectItems, sourceDescriptionsOf, stepsOf, stringField, workflowsOf, type Data, type Located } from '../document-walk.js';
import type { ValidationRuleId } from '../../rules/index.js';
import type { DiagnosticSink } from './context.js';

/**
 * Names that must be unique in their scope (Arazzo 1.0.1): source description
 * names, workflowIds, stepIds within a workflow, parameters (name + in) and
 * action names within one list. Duplicates are reported at the second one.
 */
export function checkUniqueness(document: Data, sink: DiagnosticSink): void {
  reportDuplicates(sourceDescriptionsOf(document), 'name', sink, 'source-name-unique', (name) => `Source description name '${name}' is already used; names must be unique.`);
  const workflows = workflowsOf(document);
  reportDuplicates(workflows, 'workflowId', sink, 'workflow-id-unique', (id) => `workflowId '${id}' is already used by another workflow; workflowIds must be unique in the document.`);
  for (const workflow of workflows) {
    const workflowId = stringField(workflow.value, 'workflowId') ?? '?';
    reportDuplicates(stepsOf(workflow), 'stepId', sink, 'step-id-unique', (id) => `stepId '${id}' is already used in workflow '${workflowId}'; stepIds must be unique within a workflow.`);
    checkParameterList(document, workflow.value, workflow.path, sink, false);
    for (const step of stepsOf(workflow)) checkParameterList(document, step.value, step.path, sink, typeof step.value['workflowId'] === 'string');
    for (const list of actionListsOf(workflow)) checkActionNames(document, list.items, list.kind, sink);
  }
}

function reportDuplicates(items: Located<Data>[], field: string, sink: DiagnosticSink, code: ValidationRuleId, message: (value: string) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const value = stringField(item.value, field);
    if (value === undefined) continue;
    if (seen.has(value)) sink.report(code, [...item.path, field], message(value));
    seen.add(value);
  }
}

/** A Reusable Object stands for the component it references; undefined when that does not resolve (reported by `component-reference`). */
export function componentOf(document: Data, item: Data, kind: 'parameters' | 'successActions' | 'failureActions'): Data | undefined {
  if (!isReusableObject(item)) return item;
  const reference = expressionsOf(document).componentReference(item.reference);
  if (!reference || reference.kind !== kind) return undefined;
  const components = document['components'];
  const group = isRecord(components) ? components[kind] : undefined;
  const target = isRecord(group) && Object.prototype.hasOwnProperty.call(group, reference.name) ? group[reference.name] : undefined;
  return isRecord(target) ? target : undefined;
}

// Arazzo 1.0.1 §Parameter Object: "A unique parameter is defined by the combination of a name and in".
function checkParameterList(document: Data, owner: Data, ownerPath: Located<Data>['path'], sink: DiagnosticSink, isWorkflowStep: boolean): void {
  const seen = new Set<string>();
  for (const item of objectItems(owner, 'parameters', ownerPath)) {
    const parameter = componentOf(document, item.value, 'parameters');
    const name = parameter ? stringField(parameter, 'name') : undefined;
    if (name === undefined) continue;
    // Workflow step parameters map to inputs by name alone (§Parameter Object `in`).
    const location = isWorkflowStep ? '' : (stringField(parameter!, 'in') ?? '');
    const key = `${name}\u0000${location}`;
    if (seen.has(key)) {
      const where = location ? ` in ${location}` : '';
      sink.report('parameter-unique', isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'], `Parameter '${name}'${where} is listed twice; a parameter list must not contain duplicates.`);
    }
    seen.add(key);
  }
}

function checkActionNames(document: Data, items: Located<Data>[], kind: 'success' | 'failure', sink: DiagnosticSink): void {
  const seen = new Set<string>();
  for (const item of items) {
    const action = componentOf(document, item.value, kind === 'success' ? 'successActions' : 'failureActions');
    const name = action ? stringField(action, 'name') : undefined;
    if (name === undefined) continue;
    if (seen.has(name)) sink.report('action-name-unique', isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'], `A ${kind} action named '${name}' is already in this list; action names must be unique within a list.`);
    seen.add(name);
  }
}
