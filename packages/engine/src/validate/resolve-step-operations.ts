import type { Diagnostic } from '../diagnostics.js';
import type { DocumentNode } from '../loader/load-session.js';
import { diagnosticAt } from '../document/parse-text.js';
import { resolveOperationReference } from '../sources/index.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import { expressionsOf, type DocumentExpressions } from '../model/document-expressions.js';
import { stringField, type Data, type Located } from './document-walk.js';
import { walkDocument, type DocumentVisitor } from './document-walker.js';
import { isAsynchronousStep } from '../sources/asyncapi-step-references.js';
import { requiredQuerystring } from '../sources/required-parameters.js';

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
 * `operationId` / `operationPath`, and the operations found are returned (the model is built from them). An
 * operation that requires an OpenAPI 3.2 `in: querystring` parameter cannot be called from Arazzo 1.0 (D43).
 * Validation resolves them as one visitor of its one walk (`stepOperationsVisitor`); this walks for them alone.
 */
export function resolveStepOperations(node: DocumentNode): StepOperations {
  const visitor = stepOperationsVisitor(node);
  walkDocument(node.data, [visitor]);
  return visitor;
}

/** Operation resolution as a visitor of the document walk: `operations` and `diagnostics` fill as it walks. */
export function stepOperationsVisitor(node: DocumentNode): DocumentVisitor & StepOperations & { operationOf(step: Located<Data>): OpenApiOperation | undefined } {
  const operations = new Map<string, OpenApiOperation>();
  const diagnostics: Diagnostic[] = [];
  const byStep = new WeakMap<object, OpenApiOperation>();
  const openApiSources = new Map<string, OpenApiSource>();
  for (const [name, loaded] of node.sources) if (loaded.type === 'openapi') openApiSources.set(name, loaded.source);
  const allSourceNames: string[] = [];
  const expressions = expressionsOf(node.data);
  return {
    operations,
    diagnostics,
    operationOf: (step) => byStep.get(step.value),
    sourceDescription(source) {
      const name = stringField(source.value, 'name');
      if (name !== undefined) allSourceNames.push(name);
    },
    enterStep(step, workflow) {
      // DECISIONS D73: an asynchronous step's operation is in an AsyncAPI source (sources/asyncapi-step-references.ts).
      if (isAsynchronousStep(step.value)) return;
      const field = typeof step.value['operationId'] === 'string' ? 'operationId' : typeof step.value['operationPath'] === 'string' ? 'operationPath' : undefined;
      // A step with both is a `step-target` error already.
      if (field === undefined || step.value['workflowId'] !== undefined || (field === 'operationId' && step.value['operationPath'] !== undefined)) return;
      const written = step.value[field] as string;
      if (namesFailedSource(written, node.failedSources)) return;
      // A malformed operationPath, or a reference naming no source description, is reported by the expression checks.
      if (!namesDeclaredSource(expressions, field, written, allSourceNames)) return;
      const result = resolveOperationReference({ [field]: written }, openApiSources, allSourceNames);
      const stepId = stringField(step.value, 'stepId') ?? '?';
      const path = [...step.path, field];
      if (result.error) {
        // An unqualified operationId may be in a source that failed to load; that failure is reported already.
        if (node.failedSources.size > 0 && !written.startsWith('$') && !written.startsWith('{')) return;
        diagnostics.push(diagnosticAt(node.parsed, path, { code: result.error.code, severity: 'error', message: sentence(`Step '${stepId}': ${result.error.message}`) }));
        return;
      }
      const querystring = expressions.isArazzo11 ? undefined : requiredQuerystring(result.operation);
      if (querystring !== undefined) {
        // DECISIONS D43: Arazzo 1.0 has no `querystring` location, so its steps cannot give the whole query string.
        const version = stringField(node.data as Data, 'arazzo') ?? '1.0';
        const message = `Step '${stepId}': the operation ${result.operation.method.toUpperCase()} ${result.operation.path} requires the parameter '${querystring.name}' in: querystring (OpenAPI 3.2), which only an Arazzo 1.1 step can give (in: querystring); this document is Arazzo ${version}.`;
        diagnostics.push(diagnosticAt(node.parsed, path, { code: 'operation-unsupported', severity: 'error', message }));
        return;
      }
      if (result.warning) {
        const { code, message, fix } = result.warning;
        // A source that failed to load may define the same operationId: then qualifying it is a guess, not a fix.
        const certain = fix !== undefined && node.failedSources.size === 0;
        diagnostics.push(diagnosticAt(node.parsed, path, { code, severity: 'warning', message: sentence(`Step '${stepId}': ${message}`), ...(certain ? { fix } : {}) }));
      }
      // The workflow's and the step's index in the document, as buildModel reads them.
      operations.set(`${workflow.path[1] as number}/${step.path[step.path.length - 1] as number}`, result.operation);
      byStep.set(step.value, result.operation);
    },
  };
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
