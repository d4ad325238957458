import type { Diagnostic } from '../diagnostics.js';
import type { DocumentNode } from '../loader/load-session.js';
import { diagnosticAt } from '../document/parse-text.js';
import { resolveOperationReference } from '../sources/index.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import { isReusableObject } from '../model/arazzo.js';
import { expressionsOf, type DocumentExpressions } from '../model/document-expressions.js';
import { objectItems, sourceDescriptionsOf, stepsOf, stringField, workflowsOf, type Data, type Located } from './document-walk.js';
import { componentOf } from './semantic/uniqueness.js';
import { isAsynchronousStep } from '../sources/asyncapi-step-references.js';

/** What resolving a document's operation steps found. */
export interface StepOperations {
  /** Each step's operation by `workflowIndex/stepIndex`, for the steps whose operation resolved. */
  readonly operations: ReadonlyMap<string, OpenApiOperation>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Every operation step must resolve to one operation of a loaded OpenAPI source
 * (Arazzo 1.0.1 §Step Object `operationId`, `operationPath`). The lookup itself is
 * the sources module's; here its answer becomes a diagnostic at the step's
 * `operationId` / `operationPath`, and the operations found are returned (the model is built from them).
 */
export function resolveStepOperations(node: DocumentNode): StepOperations {
  const operations = new Map<string, OpenApiOperation>();
  const document = node.data;
  if (!document) return { operations, diagnostics: [] };
  const openApiSources = new Map<string, OpenApiSource>();
  for (const [name, loaded] of node.sources) if (loaded.type === 'openapi') openApiSources.set(name, loaded.source);
  const allSourceNames = sourceDescriptionsOf(document).map((source) => stringField(source.value, 'name')).filter((name): name is string => name !== undefined);
  const diagnostics: Diagnostic[] = [];

  for (const workflow of workflowsOf(document)) {
    // The workflow's index in the document (workflowsOf skips entries that are not objects), as buildModel reads it.
    const workflowIndex = workflow.path[1] as number;
    stepsOf(workflow).forEach((step) => {
      // DECISIONS D73: an asynchronous step's operation is in an AsyncAPI source (sources/asyncapi-step-references.ts).
      if (isAsynchronousStep(step.value)) return;
      const field = typeof step.value['operationId'] === 'string' ? 'operationId' : typeof step.value['operationPath'] === 'string' ? 'operationPath' : undefined;
      // A step with both is a `step-target` error already.
      if (field === undefined || step.value['workflowId'] !== undefined || (field === 'operationId' && step.value['operationPath'] !== undefined)) return;
      const written = step.value[field] as string;
      if (namesFailedSource(written, node.failedSources)) return;
      // A malformed operationPath, or a reference naming no source description, is reported by validateExpressions.
      if (!namesDeclaredSource(expressionsOf(document), field, written, allSourceNames)) return;
      const result = resolveOperationReference({ [field]: written }, openApiSources, allSourceNames);
      const stepId = stringField(step.value, 'stepId') ?? '?';
      const path = [...step.path, field];
      if (result.error) {
        // An unqualified operationId may be in a source that failed to load; that failure is reported already.
        if (node.failedSources.size > 0 && !written.startsWith('$') && !written.startsWith('{')) return;
        diagnostics.push(diagnosticAt(node.parsed, path, { code: result.error.code, severity: 'error', message: sentence(`Step '${stepId}': ${result.error.message}`) }));
        return;
      }
      if (result.warning) {
        const { code, message, fix } = result.warning;
        // A source that failed to load may define the same operationId: then qualifying it is a guess, not a fix.
        const certain = fix !== undefined && node.failedSources.size === 0;
        diagnostics.push(diagnosticAt(node.parsed, path, { code, severity: 'warning', message: sentence(`Step '${stepId}': ${message}`), ...(certain ? { fix } : {}) }));
      }
      operations.set(`${workflowIndex}/${step.path[step.path.length - 1] as number}`, result.operation);
      diagnostics.push(...checkParameterLocations(node, document, workflow, step, result.operation));
    });
  }
  return { operations, diagnostics };
}

/** Ends a message with one full stop, unless it ends with its own punctuation. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** False for an operationPath that is malformed or names no source, and a `$sourceDescriptions.` operationId naming none. */
function namesDeclaredSource(expressions: DocumentExpressions, field: 'operationId' | 'operationPath', written: string, sourceNames: readonly string[]): boolean {
  if (field === 'operationId') {
    return !written.startsWith('$sourceDescriptions.') || sourceNames.some((name) => written.startsWith(`$sourceDescriptions.${name}.`));
  }
  const reading = expressions.operationPath(written);
  return reading.ok && sourceNames.includes(reading.sourceName);
}

function namesFailedSource(written: string, failed: ReadonlySet<string>): boolean {
  for (const name of failed) {
    // `$sourceDescriptions.<name>#...` is Redocly's operationPath form (DECISIONS D24).
    if (written.startsWith(`$sourceDescriptions.${name}.`) || written.startsWith(`{$sourceDescriptions.${name}.`) || written.startsWith(`$sourceDescriptions.${name}#`)) return true;
  }
  return false;
}

// DECISIONS D13: a parameter without `in` on an operation step takes the `in` of the operation's only parameter of that name.
function checkParameterLocations(node: DocumentNode, document: Data, workflow: Located<Data>, step: Located<Data>, operation: OpenApiOperation): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const stepId = stringField(step.value, 'stepId') ?? '?';
  for (const item of [...objectItems(workflow.value, 'parameters', workflow.path), ...objectItems(step.value, 'parameters', step.path)]) {
    const parameter = componentOf(document, item.value, 'parameters');
    if (!parameter || parameter['in'] !== undefined || typeof parameter['name'] !== 'string') continue;
    const name = parameter['name'];
    const matches = operation.parameters.filter((candidate) => candidate.name === name);
    if (matches.length === 1) continue;
    const why = matches.length === 0 ? `the operation ${operation.method.toUpperCase()} ${operation.path} has no parameter '${name}'` : `the operation has ${matches.length} parameters named '${name}' (${matches.map((match) => match.in).join(', ')})`;
    const path = isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'];
    diagnostics.push(diagnosticAt(node.parsed, path, { code: 'parameter-in', severity: 'error', message: `Step '${stepId}': parameter '${name}' has no 'in' and ${why}; add 'in'.` }));
  }
  return diagnostics;
}
