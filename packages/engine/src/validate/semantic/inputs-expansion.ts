import { isRecord, type PathSegment } from '@loom/expressions/internal';
import { MAX_NESTING_DEPTH } from '../../document/nesting-depth.js';
import type { DocumentExpressions } from '../../model/document-expressions.js';
import type { Data, Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { DiagnosticSink, RuleContext } from './context.js';

/** Schema keywords whose values are data, not schemas (the model's inlining copies them as they are). */
const LITERAL_KEYS: ReadonlySet<string> = new Set(['const', 'enum', 'default', 'examples']);

/**
 * How many schema nodes the inputs schemas of one document may expand to when the model
 * inlines their `$ref`s into `components.inputs` (DECISIONS D39): inputs that each reference
 * the next one twice double per level.
 */
export const MAX_INPUTS_EXPANSION = 100_000;

interface Visit {
  readonly value: unknown;
  readonly path: readonly PathSegment[];
  /** Levels of the inlined schema above this value, each `$ref` followed counting as one. */
  readonly level: number;
  /** The inputs names being inlined around this value (a ref to one of them stays as written). */
  readonly trail: Trail | undefined;
}

interface Trail {
  readonly name: string;
  readonly outer: Trail | undefined;
}

/**
 * Rule `inputs-ref-expansion` (DECISIONS D39): a workflow's inputs schema, with its `$ref`s
 * into `components.inputs` inlined as the model does it, stays within MAX_NESTING_DEPTH
 * levels (each ref followed counts as one) and the document's inputs schemas within
 * MAX_INPUTS_EXPANSION nodes. The walk mirrors the inlining without building anything, without
 * recursion, and stops at the first crossing, which is reported at the `$ref` that crosses it.
 */
export function inputsExpansionVisitor({ document, expressions, sink }: RuleContext): DocumentVisitor {
  const components = document['components'];
  const inputs = isRecord(components) && isRecord(components['inputs']) ? components['inputs'] : {};
  /** Nodes counted over every workflow of the document; the first crossing ends the rule. */
  const count = { nodes: 0, crossed: false };
  return {
    enterWorkflow(workflow) {
      if (!count.crossed && workflow.value['inputs'] !== undefined) count.crossed = expandInputs(workflow, inputs, expressions, count, sink);
    },
  };
}

/** Follows one workflow's inputs schema as the model inlines it; true when it crossed a limit (reported). */
function expandInputs(workflow: Located<Data>, inputs: Data, expressions: DocumentExpressions, count: { nodes: number }, sink: DiagnosticSink): boolean {
  const pending: Visit[] = [{ value: workflow.value['inputs'], path: [...workflow.path, 'inputs'], level: 1, trail: undefined }];
  while (pending.length > 0) {
    const { value, path, level, trail } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const nodes = ++count.nodes;
    const children: [PathSegment, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value).filter(([key]) => !LITERAL_KEYS.has(key));
    const ref = Array.isArray(value) ? undefined : (value as Data)['$ref'];
    const name = typeof ref === 'string' ? expressions.inputsReference(ref) : undefined;
    if (name !== undefined && inputs[name] !== undefined && !onTrail(trail, name)) {
      if (level + 1 > MAX_NESTING_DEPTH || nodes > MAX_INPUTS_EXPANSION) {
        const why = nodes > MAX_INPUTS_EXPANSION ? `the inputs schemas would expand to more than ${MAX_INPUTS_EXPANSION} nodes` : `the inputs schema would nest more than ${MAX_NESTING_DEPTH} levels deep, counting each $ref followed as a level`;
        sink.report('inputs-ref-expansion', [...path, '$ref'], `'${ref as string}' is not inlined: ${why} (DECISIONS D39).`);
        return true;
      }
      pending.push({ value: inputs[name], path: ['components', 'inputs', name], level: level + 1, trail: { name, outer: trail } });
      for (const [key, child] of children) if (key !== '$ref') pending.push({ value: child, path: [...path, key], level: level + 1, trail });
      continue;
    }
    for (const [key, child] of children) pending.push({ value: child, path: [...path, key], level: level + 1, trail });
  }
  return false;
}

function onTrail(trail: Trail | undefined, name: string): boolean {
  for (let at = trail; at; at = at.outer) if (at.name === name) return true;
  return false;
}
