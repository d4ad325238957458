import { isRecord } from '@loom/expressions/internal';
import type { Diagnostic } from '../../diagnostics.js';
import { expressionsOf } from '../../model/document-expressions.js';
import { walkDocument, type DocumentVisitor } from '../document-walker.js';
import { componentReferencesVisitor } from './components.js';
import { DiagnosticSink, type RuleContext, type SemanticContext } from './context.js';
import { fieldsVisitor } from './fields.js';
import { flowTargetsVisitor } from './flow-targets.js';
import { inputsExpansionVisitor } from './inputs-expansion.js';
import { parameterLocationsVisitor, type StepOperationLookup } from './parameter-locations.js';
import { uniquenessVisitor } from './uniqueness.js';
import { stepDependenciesVisitor } from './step-dependencies.js';
import { workflowStepCyclesVisitor } from './workflow-step-cycles.js';

export type { RuleContext, SemanticContext, SourceWorkflowLookup } from './context.js';
export { DiagnosticSink } from './context.js';
export type { StepOperationLookup } from './parameter-locations.js';

/**
 * The rules the JSON Schema cannot express, each with a stable rule id (listed in
 * the engine README), as visitors of the one document walk. They run on any
 * object-shaped document, valid or not, and never throw on an unexpected shape.
 * With `operationOf` (sources loaded), `parameter-in` reads the steps' resolved operations.
 */
export function semanticVisitors(context: RuleContext, operationOf?: StepOperationLookup): DocumentVisitor[] {
  return [
    uniquenessVisitor(context),
    fieldsVisitor(context),
    parameterLocationsVisitor(context, operationOf),
    componentReferencesVisitor(context),
    flowTargetsVisitor(context),
    workflowStepCyclesVisitor(context),
    stepDependenciesVisitor(context),
    inputsExpansionVisitor(context),
  ];
}

/** The semantic rules alone, in a walk of their own (validation runs them in its one walk, with the other checks). */
export function checkSemantics(context: SemanticContext): Diagnostic[] {
  const document = context.parsed.data;
  if (!isRecord(document)) return [];
  const sink = new DiagnosticSink(context.parsed);
  walkDocument(document, semanticVisitors({ ...context, document, expressions: expressionsOf(document), sink }));
  return sink.diagnostics;
}
