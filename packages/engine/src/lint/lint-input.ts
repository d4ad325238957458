import { isRecord, type PathSegment, readOwn } from '@loom/expressions/internal';
import type { ParsedText } from '../document/parse-text.js';
import { expressionsOf } from '../model/document-expressions.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import { stepsOf, workflowsOf, type Data, type Located } from '../validate/document-walk.js';

/**
 * What the lint checks read: the parsed document and what resolved while loading it, even when
 * the document has errors elsewhere, so that a user fixes everything in one pass. A step whose
 * operation did not resolve (a typo, a broken source) is absent from `stepOperations` and the
 * checks that need it skip that step alone.
 */
export interface LintInput {
  readonly parsed: ParsedText;
  /** Each step's operation by `workflowIndex/stepIndex`, for the steps whose operation resolved. */
  readonly stepOperations: ReadonlyMap<string, OpenApiOperation>;
  /** The root document's OpenAPI source descriptions that loaded, by name. */
  readonly openApiSources: ReadonlyMap<string, OpenApiSource>;
}

/** A step of a (possibly invalid) document, with its operation when that resolved. */
export interface LintStep {
  readonly workflowIndex: number;
  readonly stepIndex: number;
  readonly workflow: Located<Data>;
  readonly step: Located<Data>;
  readonly operation: OpenApiOperation | undefined;
}

/** Every object step of every workflow, with its resolved operation (if any). */
export function lintSteps(input: LintInput): LintStep[] {
  const steps: LintStep[] = [];
  for (const workflow of workflowsOf(input.parsed.data)) {
    const workflowIndex = workflow.path[1] as number;
    for (const step of stepsOf(workflow)) {
      const stepIndex = step.path[3] as number;
      steps.push({ workflowIndex, stepIndex, workflow, step, operation: input.stepOperations.get(`${workflowIndex}/${stepIndex}`) });
    }
  }
  return steps;
}

/**
 * The object a list item stands for: the item itself, or the component a Reusable Object
 * (`reference: $components.<kind>.<name>`) names, with its `value` override for parameters.
 * `undefined` when it cannot be known (not an object, a reference to nothing): the caller skips what depends on it.
 */
export function resolveItem(document: unknown, item: unknown, kind: 'parameters' | 'successActions' | 'failureActions'): Data | undefined {
  if (!isRecord(item)) return undefined;
  if (item['reference'] === undefined) return item;
  if (typeof item['reference'] !== 'string') return undefined;
  const reference = expressionsOf(document).componentReference(item['reference']);
  if (reference?.kind !== kind) return undefined;
  const components = isRecord(document) ? document['components'] : undefined;
  const list = isRecord(components) ? components[kind] : undefined;
  const target = isRecord(list) ? readOwn(list, reference.name) : undefined;
  if (!isRecord(target)) return undefined;
  // Arazzo 1.0.1 §Reusable Object `value`: sets the value of the referenced parameter.
  return kind === 'parameters' && item['value'] !== undefined ? { ...target, value: item['value'] } : target;
}

/** A parameter as it will be sent: name, `in` (D13: inferred from the operation when absent), and where it was written. */
export interface LintParameter {
  readonly name: string;
  readonly in: string | undefined;
  readonly value: unknown;
  readonly path: readonly PathSegment[];
}

/**
 * A step's parameters (DECISIONS D13: workflow-level ones, overridden by the step's on name + in), and whether
 * every one could be read: a parameter that cannot be (a Reusable Object naming nothing, no name) leaves `complete` false.
 */
export function stepParameters(document: unknown, step: LintStep): { parameters: LintParameter[]; complete: boolean } {
  let complete = true;
  const read = (owner: Located<Data>): LintParameter[] => {
    const list = owner.value['parameters'];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      complete = false;
      return [];
    }
    const out: LintParameter[] = [];
    list.forEach((item, index) => {
      const parameter = resolveItem(document, item, 'parameters');
      const name = parameter?.['name'];
      if (!parameter || typeof name !== 'string') {
        complete = false;
        return;
      }
      const written = typeof parameter['in'] === 'string' ? parameter['in'] : undefined;
      const location = written ?? step.operation?.parameters.find((candidate) => candidate.name === name)?.in;
      out.push({ name, in: location, value: parameter['value'], path: [...owner.path, 'parameters', index] });
    });
    return out;
  };
  const stepLevel = read(step.step);
  const key = (parameter: LintParameter) => `${parameter.name}\u0000${parameter.in ?? ''}`;
  const overridden = new Set(stepLevel.map(key));
  const workflowLevel = read(step.workflow).filter((parameter) => !overridden.has(key(parameter)));
  return { parameters: [...workflowLevel, ...stepLevel], complete };
}
