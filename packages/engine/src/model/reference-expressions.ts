/**
 * The runtime expressions Arazzo uses as references between objects (Arazzo
 * 1.0.1 §Runtime Expressions): `$sourceDescriptions.<name>.<workflowId>` for a
 * workflow in an `arazzo` source, `$components.<kind>.<name>` for Reusable
 * Objects. Parsed here once so the validator and the model read them alike.
 */

/** A workflow named by a step, an action or `dependsOn`. */
export type WorkflowReference =
  | { readonly kind: 'local'; readonly workflowId: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly workflowId: string };

const SOURCE_WORKFLOW = /^\$sourceDescriptions\.([^.]+)\.(.+)$/;

/** `$sourceDescriptions.<name>.<workflowId>` or a plain workflowId of this document; `undefined` for a malformed `$sourceDescriptions` reference. */
export function parseWorkflowReference(value: string): WorkflowReference | undefined {
  if (!value.startsWith('$sourceDescriptions.')) return { kind: 'local', workflowId: value };
  const match = SOURCE_WORKFLOW.exec(value);
  return match ? { kind: 'source', sourceName: match[1]!, workflowId: match[2]! } : undefined;
}

export type ComponentKind = 'inputs' | 'parameters' | 'successActions' | 'failureActions';

export interface ComponentReference {
  readonly kind: ComponentKind;
  readonly name: string;
}

const COMPONENT = /^\$components\.(inputs|parameters|successActions|failureActions)\.([a-zA-Z0-9.\-_]+)$/;

/** `$components.parameters.page` -> { kind: 'parameters', name: 'page' }; `undefined` when malformed. */
export function parseComponentReference(value: string): ComponentReference | undefined {
  const match = COMPONENT.exec(value);
  return match ? { kind: match[1] as ComponentKind, name: match[2]! } : undefined;
}

/** Inputs schemas reference `components.inputs` with a JSON Schema `$ref` (Arazzo 1.0.1 §Reusable Object note). */
const INPUTS_POINTER = /^#\/components\/inputs\/([^/]+)$/;

/** `#/components/inputs/x` or `$components.inputs.x` -> `x`; `undefined` for any other `$ref`. */
export function parseInputsReference(ref: string): string | undefined {
  const pointer = INPUTS_POINTER.exec(ref);
  if (pointer) return pointer[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  const component = parseComponentReference(ref);
  return component?.kind === 'inputs' ? component.name : undefined;
}
