import { isRecord } from '@loom/expressions/internal';
import type { ComponentKind } from '../model/reference-expressions.js';
import { objectItems, sourceDescriptionsOf, stepsOf, workflowsOf, type ActionListKey, type Data, type Located } from './document-walk.js';

/**
 * The one walk over an Arazzo document (issue 12, "walk once"): each Workflow, Step, Parameter,
 * Action, Criterion, source description and component is visited once, in document order, and
 * handed to every visitor. Each concern (a semantic rule, the expression checks, operation
 * resolution) is one visitor that reads the nodes it cares about and reports what it finds, so a
 * new concern (Arazzo 1.1's dependsOn on steps, selectors, asynchronous steps, `$self`) is one more
 * visitor, not one more walk. Defensive like document-walk: the document may not have passed the
 * schema, so only object-shaped nodes are visited, and a visitor never sees a node twice.
 */

/** Where an action list is: a workflow's `successActions` / `failureActions` or a step's `onSuccess` / `onFailure`. */
export interface ActionPlace {
  readonly key: ActionListKey;
  readonly kind: 'success' | 'failure';
  readonly workflow: Located<Data>;
  readonly step?: Located<Data>;
}

/** Where a Criterion Object is: a step's `successCriteria`, or the `criteria` of an action (in a workflow or in `components`). */
export interface CriterionPlace {
  /** Undefined in `components`. */
  readonly workflow?: Located<Data>;
  readonly step?: Located<Data>;
  /** The action the criterion belongs to, as written in its list (a Reusable Object included). */
  readonly action?: Located<Data>;
}

/**
 * One concern of the walk. Every hook is optional; hooks run in document order, `enter*` before a
 * node's children and `leave*` after them, so a visitor that needs a whole workflow (step ids for goto
 * targets) or the whole document (cycles) reports on leaving it.
 */
export interface DocumentVisitor {
  enterDocument?(document: Data): void;
  sourceDescription?(source: Located<Data>): void;
  enterWorkflow?(workflow: Located<Data>): void;
  /** A workflow's or a step's Parameter Object or Reusable Object (`step` undefined for the workflow's). */
  parameter?(item: Located<Data>, workflow: Located<Data>, step: Located<Data> | undefined): void;
  /** A Success or Failure Action Object, or a Reusable Object in its place. */
  action?(item: Located<Data>, place: ActionPlace): void;
  enterStep?(step: Located<Data>, workflow: Located<Data>): void;
  /** A step's Request Body Object, after the step's parameters. */
  requestBody?(body: Located<Data>, step: Located<Data>, workflow: Located<Data>): void;
  criterion?(criterion: Located<Data>, place: CriterionPlace): void;
  leaveStep?(step: Located<Data>, workflow: Located<Data>): void;
  leaveWorkflow?(workflow: Located<Data>): void;
  /** An entry of `components.<kind>`, whatever its shape (the schema may have failed). */
  component?(kind: ComponentKind, name: string, entry: Located<unknown>): void;
  leaveDocument?(): void;
}

const ACTION_LISTS = [
  { key: 'successActions', kind: 'success' },
  { key: 'failureActions', kind: 'failure' },
] as const;
const STEP_ACTION_LISTS = [
  { key: 'onSuccess', kind: 'success' },
  { key: 'onFailure', kind: 'failure' },
] as const;
/** The order `components` is visited in. */
const COMPONENT_KINDS: readonly ComponentKind[] = ['parameters', 'successActions', 'failureActions', 'inputs'];

/** Walks `document` once, calling each visitor's hooks in the order given. */
export function walkDocument(document: unknown, visitors: readonly DocumentVisitor[]): void {
  if (!isRecord(document)) return;
  for (const visitor of visitors) visitor.enterDocument?.(document);
  for (const source of sourceDescriptionsOf(document)) for (const visitor of visitors) visitor.sourceDescription?.(source);
  for (const workflow of workflowsOf(document)) walkWorkflow(workflow, visitors);
  const components = document['components'];
  if (isRecord(components)) {
    for (const kind of COMPONENT_KINDS) {
      const group = components[kind];
      if (!isRecord(group)) continue;
      for (const [name, entry] of Object.entries(group)) {
        const located = { value: entry, path: ['components', kind, name] };
        for (const visitor of visitors) visitor.component?.(kind, name, located);
        if (kind === 'successActions' || kind === 'failureActions') {
          const action = isRecord(entry) ? { value: entry, path: located.path } : undefined;
          for (const criterion of objectItems(entry, 'criteria', located.path)) for (const visitor of visitors) visitor.criterion?.(criterion, action ? { action } : {});
        }
      }
    }
  }
  for (const visitor of visitors) visitor.leaveDocument?.();
}

function walkWorkflow(workflow: Located<Data>, visitors: readonly DocumentVisitor[]): void {
  for (const visitor of visitors) visitor.enterWorkflow?.(workflow);
  for (const item of objectItems(workflow.value, 'parameters', workflow.path)) for (const visitor of visitors) visitor.parameter?.(item, workflow, undefined);
  for (const { key, kind } of ACTION_LISTS) walkActions(workflow.value, workflow.path, { key, kind, workflow }, visitors);
  for (const step of stepsOf(workflow)) {
    for (const visitor of visitors) visitor.enterStep?.(step, workflow);
    for (const item of objectItems(step.value, 'parameters', step.path)) for (const visitor of visitors) visitor.parameter?.(item, workflow, step);
    const body = step.value['requestBody'];
    if (isRecord(body)) {
      const located = { value: body, path: [...step.path, 'requestBody'] };
      for (const visitor of visitors) visitor.requestBody?.(located, step, workflow);
    }
    for (const criterion of objectItems(step.value, 'successCriteria', step.path)) for (const visitor of visitors) visitor.criterion?.(criterion, { workflow, step });
    for (const { key, kind } of STEP_ACTION_LISTS) walkActions(step.value, step.path, { key, kind, workflow, step }, visitors);
    for (const visitor of visitors) visitor.leaveStep?.(step, workflow);
  }
  for (const visitor of visitors) visitor.leaveWorkflow?.(workflow);
}

function walkActions(owner: Data, ownerPath: Located<Data>['path'], place: ActionPlace, visitors: readonly DocumentVisitor[]): void {
  for (const item of objectItems(owner, place.key, ownerPath)) {
    for (const visitor of visitors) visitor.action?.(item, place);
    const criterionPlace: CriterionPlace = place.step ? { workflow: place.workflow, step: place.step, action: item } : { workflow: place.workflow, action: item };
    for (const criterion of objectItems(item.value, 'criteria', item.path)) for (const visitor of visitors) visitor.criterion?.(criterion, criterionPlace);
  }
}
