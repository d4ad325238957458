import { isRecord } from '@loom/expressions/internal';
import type { Diagnostic } from '../../diagnostics.js';

import { checkComponentReferences } from './components.js';
import { DiagnosticSink, type SemanticContext } from './context.js';
import { checkFields } from './fields.js';
import { checkFlowTargets } from './flow-targets.js';
import { checkInputsExpansion } from './inputs-expansion.js';
import { checkUniqueness } from './uniqueness.js';
import { checkWorkflowStepCycles } from './workflow-step-cycles.js';

export type { SemanticContext, SourceWorkflowLookup } from './context.js';

/**
 * The rules the JSON Schema cannot express, each with a stable rule id (listed in
 * the engine README). They run on any object-shaped document, valid or not, and
 * never throw on an unexpected shape.
 */
export function checkSemantics(context: SemanticContext): Diagnostic[] {
  const document = context.parsed.data;
  if (!isRecord(document)) return [];
  const sink = new DiagnosticSink(context.parsed);
  checkUniqueness(document, sink);
  checkFields(document, sink);
  checkComponentReferences(document, sink);
  checkFlowTargets(document, context, sink);
  checkWorkflowStepCycles(document, sink);
  checkInputsExpansion(document, sink);
  return sink.diagnostics;
}
