/**
 * The runtime expressions Arazzo uses as references between objects (Arazzo
 * 1.0.1 §Runtime Expressions): `$sourceDescriptions.<name>.<workflowId>` for a
 * workflow in an `arazzo` source, `$components.<kind>.<name>` for Reusable
 * Objects. Read from the parsed expression (DocumentExpressions parses each text once),
 * so the validator, the model and lint read them alike.
 */
import type { ClassifiedString } from '@loom/expressions/internal';

/** A workflow named by a step, an action or `dependsOn`. */
export type WorkflowReference =
  | { readonly kind: 'local'; readonly workflowId: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly workflowId: string };

export type ComponentKind = 'inputs' | 'parameters' | 'successActions' | 'failureActions';

export interface ComponentReference {
  readonly kind: ComponentKind;
  readonly name: string;
}

type Classify = (text: string) => ClassifiedString;

/** `$sourceDescriptions.<name>.<workflowId>` or a plain workflowId of this document; `undefined` for a malformed `$sourceDescriptions` reference. */
export function workflowReferenceOf(value: string, classify: Classify): WorkflowReference | undefined {
  if (!value.startsWith('$sourceDescriptions.')) return { kind: 'local', workflowId: value };
  const classified = classify(value);
  if (classified.kind !== 'expression' || classified.expression.root !== 'sourceDescriptions') return undefined;
  const { sourceName, member } = classified.expression;
  return member === undefined ? undefined : { kind: 'source', sourceName, workflowId: member };
}

/** Arazzo 1.0.1 §Components Object: every key MUST match this. */
const COMPONENT_NAME = /^[a-zA-Z0-9.\-_]+$/;

/** `$components.parameters.page` -> { kind: 'parameters', name: 'page' }; `undefined` when malformed. */
export function componentReferenceOf(value: string, classify: Classify): ComponentReference | undefined {
  const classified = classify(value);
  if (classified.kind !== 'expression' || classified.expression.root !== 'components') return undefined;
  const { section, name, pointer } = classified.expression;
  return pointer === undefined && COMPONENT_NAME.test(name) ? { kind: section, name } : undefined;
}

/** Inputs schemas reference `components.inputs` with a JSON Schema `$ref` (Arazzo 1.0.1 §Reusable Object note): a JSON Pointer, not an expression. */
const INPUTS_POINTER = /^#\/components\/inputs\/([^/]+)$/;

/** `#/components/inputs/x` or `$components.inputs.x` -> `x`; `undefined` for any other `$ref`. */
export function inputsReferenceOf(ref: string, classify: Classify): string | undefined {
  const pointer = INPUTS_POINTER.exec(ref);
  if (pointer) return pointer[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  const component = ref.startsWith('$components.') ? componentReferenceOf(ref, classify) : undefined;
  return component?.kind === 'inputs' ? component.name : undefined;
}
