import { isRecord, type PathSegment } from '@loom/expressions/internal';

/**
 * Defensive views over a document that may not have passed the schema: semantic
 * checks run even when the schema fails, so that one run reports everything, and
 * they must never crash on a wrong shape. Each view keeps the node's path.
 */
export type Data = Record<string, unknown>;

export interface Located<T> {
  readonly value: T;
  readonly path: readonly PathSegment[];
}

/** The object items of the list at `data[key]`, with their paths. */
export function objectItems(data: unknown, key: string, basePath: readonly PathSegment[]): Located<Data>[] {
  if (!isRecord(data)) return [];
  const list = data[key];
  if (!Array.isArray(list)) return [];
  const out: Located<Data>[] = [];
  list.forEach((item, index) => {
    if (isRecord(item)) out.push({ value: item, path: [...basePath, key, index] });
  });
  return out;
}

/** The string at `data[key]`, or undefined. */
export function stringField(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

export const workflowsOf = (document: unknown): Located<Data>[] => objectItems(document, 'workflows', []);
export const stepsOf = (workflow: Located<Data>): Located<Data>[] => objectItems(workflow.value, 'steps', workflow.path);
export const sourceDescriptionsOf = (document: unknown): Located<Data>[] => objectItems(document, 'sourceDescriptions', []);

/** Where actions live: workflow-level lists and step-level lists. */
export type ActionListKey = 'successActions' | 'failureActions' | 'onSuccess' | 'onFailure';

export interface ActionList {
  readonly key: ActionListKey;
  readonly kind: 'success' | 'failure';
  readonly items: Located<Data>[];
  readonly workflow: Located<Data>;
  readonly step?: Located<Data>;
}

/** Every action list of a workflow and its steps. */
export function actionListsOf(workflow: Located<Data>): ActionList[] {
  const lists: ActionList[] = [
    { key: 'successActions', kind: 'success', items: objectItems(workflow.value, 'successActions', workflow.path), workflow },
    { key: 'failureActions', kind: 'failure', items: objectItems(workflow.value, 'failureActions', workflow.path), workflow },
  ];
  for (const step of stepsOf(workflow)) {
    lists.push({ key: 'onSuccess', kind: 'success', items: objectItems(step.value, 'onSuccess', step.path), workflow, step });
    lists.push({ key: 'onFailure', kind: 'failure', items: objectItems(step.value, 'onFailure', step.path), workflow, step });
  }
  return lists;
}

/** Every Criterion Object in a workflow (step successCriteria and action criteria, inline ones). */
export function criteriaOf(workflow: Located<Data>): Located<Data>[] {
  const out: Located<Data>[] = [];
  for (const step of stepsOf(workflow)) out.push(...objectItems(step.value, 'successCriteria', step.path));
  for (const list of actionListsOf(workflow)) {
    for (const action of list.items) out.push(...objectItems(action.value, 'criteria', action.path));
  }
  return out;
}
