import { isRecord } from '@loom/expressions/internal';
import { isReusableObject } from '../../model/arazzo.js';
import { expressionsOf } from '../../model/document-expressions.js';
import { stringField, type Data, type Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { ValidationRuleId } from '../../rules/index.js';
import type { DiagnosticSink, RuleContext } from './context.js';

/**
 * Names that must be unique in their scope (Arazzo 1.0.1): source description
 * names, workflowIds, stepIds within a workflow, parameters (name + in) and
 * action names within one list. Duplicates are reported at the second one.
 */
export function uniquenessVisitor({ document, sink }: RuleContext): DocumentVisitor {
  const sourceNames = new Set<string>();
  const workflowIds = new Set<string>();
  let stepIds = new Set<string>();
  /** Parameter keys and action names seen in each list of the workflow being walked, and of its step being walked. */
  let workflowLists = new Map<string, Set<string>>();
  let stepLists = new Map<string, Set<string>>();
  const seenIn = (lists: Map<string, Set<string>>, key: string): Set<string> => {
    let seen = lists.get(key);
    if (seen === undefined) lists.set(key, (seen = new Set()));
    return seen;
  };
  return {
    sourceDescription(source) {
      reportDuplicate(source, 'name', sourceNames, sink, 'source-name-unique', (name) => `Source description name '${name}' is already used; names must be unique.`);
    },
    enterWorkflow(workflow) {
      reportDuplicate(workflow, 'workflowId', workflowIds, sink, 'workflow-id-unique', (id) => `workflowId '${id}' is already used by another workflow; workflowIds must be unique in the document.`);
      stepIds = new Set();
      workflowLists = new Map();
    },
    enterStep(step, workflow) {
      const workflowId = stringField(workflow.value, 'workflowId') ?? '?';
      stepLists = new Map();
      reportDuplicate(step, 'stepId', stepIds, sink, 'step-id-unique', (id) => `stepId '${id}' is already used in workflow '${workflowId}'; stepIds must be unique within a workflow.`);
    },
    // Arazzo 1.0.1 §Parameter Object: "A unique parameter is defined by the combination of a name and in".
    parameter(item, workflow, step) {
      const parameter = componentOf(document, item.value, 'parameters');
      const name = parameter ? stringField(parameter, 'name') : undefined;
      if (name === undefined) return;
      // Workflow step parameters map to inputs by name alone (§Parameter Object `in`).
      const isWorkflowStep = step !== undefined && typeof step.value['workflowId'] === 'string';
      const location = isWorkflowStep ? '' : (stringField(parameter!, 'in') ?? '');
      const key = `${name}\u0000${location}`;
      const seen = seenIn(step ? stepLists : workflowLists, 'parameters');
      if (seen.has(key)) {
        const where = location ? ` in ${location}` : '';
        sink.report('parameter-unique', isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'], `Parameter '${name}'${where} is listed twice; a parameter list must not contain duplicates.`);
      }
      seen.add(key);
    },
    action(item, place) {
      const action = componentOf(document, item.value, place.kind === 'success' ? 'successActions' : 'failureActions');
      const name = action ? stringField(action, 'name') : undefined;
      if (name === undefined) return;
      const seen = seenIn(place.step ? stepLists : workflowLists, place.key);
      if (seen.has(name)) sink.report('action-name-unique', isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'], `A ${place.kind} action named '${name}' is already in this list; action names must be unique within a list.`);
      seen.add(name);
    },
  };
}

function reportDuplicate(item: Located<Data>, field: string, seen: Set<string>, sink: DiagnosticSink, code: ValidationRuleId, message: (value: string) => string): void {
  const value = stringField(item.value, field);
  if (value === undefined) return;
  if (seen.has(value)) sink.report(code, [...item.path, field], message(value));
  seen.add(value);
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
