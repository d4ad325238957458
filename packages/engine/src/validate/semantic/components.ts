import { isRecord, type PathSegment } from '@loom/expressions/internal';
import { isReusableObject } from '../../model/arazzo.js';
import { expressionsOf } from '../../model/document-expressions.js';
import type { ComponentKind } from '../../model/reference-expressions.js';
import type { Data } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { DiagnosticSink, RuleContext } from './context.js';

const KIND_NAMES: Record<ComponentKind, string> = {
  inputs: 'input schema',
  parameters: 'parameter',
  successActions: 'success action',
  failureActions: 'failure action',
};

/**
 * Arazzo 1.0.1 §Reusable Object: a `reference` must name an object of the right
 * kind in this document's `components`; workflow `inputs` reach
 * `components.inputs` through JSON Schema `$ref` (`#/components/inputs/x`).
 */
export function componentReferencesVisitor({ document, sink }: RuleContext): DocumentVisitor {
  return {
    parameter: (item) => checkReusable(document, item.value, item.path, 'parameters', sink),
    action(item, place) {
      checkReusable(document, item.value, item.path, place.kind === 'success' ? 'successActions' : 'failureActions', sink);
      // Arazzo 1.1.0: an action's `parameters` may be Reusable Objects too (DECISIONS D97).
      const parameters = item.value['parameters'];
      if (Array.isArray(parameters)) parameters.forEach((parameter, index) => isRecord(parameter) && checkReusable(document, parameter, [...item.path, 'parameters', index], 'parameters', sink));
    },
    enterWorkflow: (workflow) => checkSchemaRefs(document, workflow.value['inputs'], [...workflow.path, 'inputs'], sink, 0),
    component(kind, name, entry) {
      if (kind === 'inputs') checkSchemaRefs(document, entry.value, ['components', 'inputs', name], sink, 0);
    },
  };
}

function checkReusable(document: Data, item: Data, path: readonly PathSegment[], expected: ComponentKind, sink: DiagnosticSink): void {
  if (!isReusableObject(item)) return;
  const referencePath = [...path, 'reference'];
  const reference = expressionsOf(document).componentReference(item.reference);
  if (!reference) {
    sink.report('component-reference', referencePath, `'${item.reference}' is not a component reference; expected $components.${expected}.<name>.`);
    return;
  }
  if (reference.kind !== expected) {
    sink.report('component-reference', referencePath, `'${item.reference}' refers to a ${KIND_NAMES[reference.kind]}, but a ${KIND_NAMES[expected]} is expected here ($components.${expected}.<name>).`);
    return;
  }
  if (!componentExists(document, reference.kind, reference.name)) {
    sink.report('component-reference', referencePath, `'${item.reference}' does not resolve: there is no components.${reference.kind}.${reference.name}.`);
  }
  if (item.value !== undefined && expected !== 'parameters') {
    sink.report('component-reference', [...path, 'value'], `'value' applies only to parameter references; it has no effect on a ${KIND_NAMES[expected]}.`, { severity: 'warning', part: 'key' });
  }
}

/** Checks `$ref`s into `components.inputs` inside a JSON Schema; other `$ref`s are JSON Schema's business. */
function checkSchemaRefs(document: Data, schema: unknown, path: readonly PathSegment[], sink: DiagnosticSink, depth: number): void {
  if (depth > 64) return;
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => checkSchemaRefs(document, item, [...path, index], sink, depth + 1));
    return;
  }
  if (!isRecord(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = expressionsOf(document).inputsReference(value);
      const looksLikeInputs = value.startsWith('#/components/') || value.startsWith('$components.');
      if (name !== undefined && !componentExists(document, 'inputs', name)) {
        sink.report('component-reference', [...path, '$ref'], `'${value}' does not resolve: there is no components.inputs.${name}.`);
      } else if (name === undefined && looksLikeInputs) {
        sink.report('component-reference', [...path, '$ref'], `'${value}' does not resolve to an input schema; use '#/components/inputs/<name>'.`);
      }
    } else if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples') {
      checkSchemaRefs(document, value, [...path, key], sink, depth + 1);
    }
  }
}

export function componentExists(document: Data, kind: ComponentKind, name: string): boolean {
  const components = document['components'];
  const group = isRecord(components) ? components[kind] : undefined;
  return isRecord(group) && Object.prototype.hasOwnProperty.call(group, name);
}
