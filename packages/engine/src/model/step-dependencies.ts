import { isRecord } from '@loom/expressions/internal';

/**
 * Arazzo 1.1.0 §Step Object `dependsOn`, §Step Dependencies and Execution Order (DECISIONS D98): what a
 * step must wait for, read from the document's data so that validation and the runner agree.
 */

/** One `dependsOn` entry, read. */
export type StepDependencyReference =
  | { readonly kind: 'local'; readonly stepId: string }
  | { readonly kind: 'workflow'; readonly workflowId: string; readonly stepId: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly workflowId: string; readonly stepId: string };

/** The readers of the expressions table (document-expressions.ts) this module needs. */
export interface StepDependencyReaders {
  stepDependency(text: string): StepDependencyReference | undefined;
  /** The step ids a string reads through `$steps.<id>`. */
  stepsRead(text: string): readonly string[];
  /** `$components.<kind>.<name>`, read; undefined when malformed. */
  componentReference(text: string): { readonly kind: string; readonly name: string } | undefined;
}

/** What every step of a workflow also reads: the workflow's `parameters`, `successActions` and `failureActions` (merged into each step, D11, D13). */
export function workflowShared(workflow: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return { parameters: workflow['parameters'], successActions: workflow['successActions'], failureActions: workflow['failureActions'] };
}

/**
 * The other steps of its workflow whose values a step reads (`$steps.<id>...` in any of its fields: parameters,
 * request body, criteria, outputs, actions, the components its Reusable Objects name, and `shared`, what it takes
 * from its workflow): its implicit dependencies, in the order first read (Arazzo 1.1.0 §Step Dependencies and
 * Execution Order: output references are implicit dependencies, however the step comes to read them).
 */
export function implicitStepDependencies(
  step: Readonly<Record<string, unknown>>,
  ownId: string,
  readers: StepDependencyReaders,
  document?: Readonly<Record<string, unknown>>,
  shared?: Readonly<Record<string, unknown>>,
): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof value === 'string') {
      if (!value.includes('$steps.')) return;
      for (const id of readers.stepsRead(value)) if (id !== ownId) found.add(id);
    } else if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) if (key !== 'dependsOn') visit(item, depth + 1);
      // A Reusable Object reads what its component reads (a component holds no further references).
      if (document !== undefined && typeof value['reference'] === 'string') visit(componentOf(document, readers, value['reference']), depth + 1);
    }
  };
  visit(step, 0);
  if (shared !== undefined) visit(shared, 0);
  return [...found];
}

function componentOf(document: Readonly<Record<string, unknown>>, readers: StepDependencyReaders, reference: string): unknown {
  const read = readers.componentReference(reference);
  const components = document['components'];
  const group = read !== undefined && isRecord(components) ? components[read.kind] : undefined;
  return read !== undefined && isRecord(group) && Object.hasOwn(group, read.name) ? group[read.name] : undefined;
}

/** A step of a workflow with the other steps of the same workflow it must come after. */
export interface OrderedStep {
  readonly stepId: string;
  readonly after: readonly string[];
}

/**
 * DECISIONS D98: the order steps run in: each step after everything it depends on, otherwise in document
 * order (of the steps ready to run, the first in the document goes first, so a workflow already in a valid
 * order keeps it). A cycle gives the steps in it instead, in document order.
 */
export function orderSteps(steps: readonly OrderedStep[]): { readonly order: number[] } | { readonly cycle: number[] } {
  const index = new Map<string, number>();
  steps.forEach((step, position) => {
    if (!index.has(step.stepId)) index.set(step.stepId, position);
  });
  const waitsFor = steps.map((step) => new Set(step.after.map((id) => index.get(id)).filter((position): position is number => position !== undefined)));
  const placed = new Set<number>();
  const order: number[] = [];
  while (order.length < steps.length) {
    let next = -1;
    for (let position = 0; position < steps.length; position++) {
      if (placed.has(position)) continue;
      if ([...waitsFor[position]!].every((dependency) => placed.has(dependency))) {
        next = position;
        break;
      }
    }
    if (next === -1) return { cycle: steps.map((_, position) => position).filter((position) => !placed.has(position) && inCycle(position, waitsFor, placed)) };
    placed.add(next);
    order.push(next);
  }
  return { order };
}

/** Whether a step not yet placed can reach itself through what it waits for. */
function inCycle(start: number, waitsFor: readonly ReadonlySet<number>[], placed: ReadonlySet<number>): boolean {
  const seen = new Set<number>();
  const stack = [...waitsFor[start]!];
  while (stack.length > 0) {
    const position = stack.pop()!;
    if (position === start) return true;
    if (seen.has(position) || placed.has(position)) continue;
    seen.add(position);
    stack.push(...waitsFor[position]!);
  }
  return false;
}

/**
 * The steps of a workflow (as data) with what each must come after: local `dependsOn` entries and implicit reads
 * (through `document`'s components and the workflow's `shared` fields too, see implicitStepDependencies).
 */
export function orderedStepsOf(
  steps: readonly unknown[],
  readers: StepDependencyReaders,
  document?: Readonly<Record<string, unknown>>,
  shared?: Readonly<Record<string, unknown>>,
): OrderedStep[] {
  return steps.map((step) => {
    if (!isRecord(step) || typeof step['stepId'] !== 'string') return { stepId: '', after: [] };
    const stepId = step['stepId'];
    const explicit = Array.isArray(step['dependsOn'])
      ? step['dependsOn'].flatMap((entry) => {
          const read = typeof entry === 'string' ? readers.stepDependency(entry) : undefined;
          // A step naming itself is reported as such (step-depends-on-target), not as a cycle.
          return read?.kind === 'local' && read.stepId !== stepId ? [read.stepId] : [];
        })
      : [];
    return { stepId, after: [...new Set([...explicit, ...implicitStepDependencies(step, stepId, readers, document, shared)])] };
  });
}
