import { isXPathLoaded, preloadXPath } from '@loom/expressions';
import { isRecord } from '@loom/expressions/internal';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { DocumentNode } from '../loader/load-session.js';
import type { OpenApiOperation } from '../sources/types.js';
import { startExpressions } from '../model/document-expressions.js';
import { expressionVisitor } from './check-expressions.js';
import { walkDocument } from './document-walker.js';
import { collectExpressionDiagnostics } from './expression-diagnostics.js';
import { stepOperationsVisitor } from './resolve-step-operations.js';
import { sourceReferenceCheck } from '../model/source-references.js';
import { DiagnosticSink, semanticVisitors, type RuleContext, type SourceWorkflowLookup } from './semantic/index.js';

/** What validating the documents of a load found. */
export interface LoadValidation {
  /** Every problem, in the documents and in the sources they reach, sorted by source and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Each document's resolved step operations, by `workflowIndex/stepIndex` (empty without sources). */
  readonly operations: ReadonlyMap<DocumentNode, ReadonlyMap<string, OpenApiOperation>>;
}

/**
 * Validates every usable Arazzo document of a load, already read with its sources: semantic
 * rules, expressions and (with sources) operations, as visitors of one walk over each document,
 * each problem found by one of them. The schema and the root checks ran as each document was
 * read; their diagnostics are in the node's list already.
 */
export async function validateDocuments(nodes: readonly DocumentNode[], sourceDiagnostics: readonly Diagnostic[], loadSources: boolean): Promise<LoadValidation> {
  const operations = new Map<DocumentNode, ReadonlyMap<string, OpenApiOperation>>();
  for (const node of nodes) {
    const document = node.data;
    if (!isRecord(document)) continue;
    // XPath criteria are checked for static errors only with the XPath engine loaded (~70 ms),
    // so it is loaded for documents that mention XPath at all.
    if (!isXPathLoaded() && node.parsed.text.includes('xpath')) await preloadXPath();
    // The document's expressions are parsed once, into this table, as it is validated; the model reads them from it.
    const expressions = startExpressions(document);
    const sink = new DiagnosticSink(node.parsed);
    const context: RuleContext = { parsed: node.parsed, document, expressions, sink, ...(loadSources ? { lookupSourceWorkflow: lookupIn(node) } : {}) };
    // Operations resolve first on each step: `parameter-in` reads them.
    const resolving = loadSources ? stepOperationsVisitor(node) : undefined;
    const checker = expressionVisitor(expressions, loadSources ? sourceReferenceCheck(node, document['sourceDescriptions']) : undefined);
    walkDocument(document, [...(resolving ? [resolving] : []), ...semanticVisitors(context, resolving?.operationOf), checker]);
    node.diagnostics.push(...sink.diagnostics, ...collectExpressionDiagnostics(node.parsed, checker.problems), ...(resolving?.diagnostics ?? []));
    if (resolving) operations.set(node, resolving.operations);
  }
  const diagnostics = sortDiagnostics(dedupe([...nodes.flatMap((node) => node.diagnostics), ...sourceDiagnostics]));
  return { diagnostics, operations };
}

function lookupIn(node: DocumentNode): (sourceName: string, workflowId: string, stepId?: string) => SourceWorkflowLookup {
  return (sourceName, workflowId, stepId) => {
    const source = node.sources.get(sourceName);
    if (!source) return 'unknown';
    if (source.type !== 'arazzo') return 'not-arazzo';
    const workflows = source.node.data?.['workflows'];
    if (!Array.isArray(workflows)) return 'unknown';
    const workflow = workflows.find((candidate) => (candidate as { workflowId?: unknown } | null)?.workflowId === workflowId) as { steps?: unknown } | undefined;
    if (workflow === undefined) return 'missing';
    if (stepId === undefined) return 'found';
    const steps = Array.isArray(workflow.steps) ? workflow.steps : [];
    return steps.some((step) => (step as { stepId?: unknown } | null)?.stepId === stepId) ? 'found' : 'missing-step';
  };
}

/** Two paths to one problem (a shared source read twice) are reported once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = [diagnostic.source, diagnostic.path, diagnostic.code, diagnostic.message, diagnostic.range?.start.offset].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
