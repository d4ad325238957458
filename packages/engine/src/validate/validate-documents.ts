import { isXPathLoaded, preloadXPath } from '@loom/expressions';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { DocumentNode } from '../loader/load-session.js';
import type { OpenApiOperation } from '../sources/types.js';
import { startExpressions } from '../model/document-expressions.js';
import { validateExpressions } from './check-expressions.js';
import { collectExpressionDiagnostics } from './expression-diagnostics.js';
import { resolveStepOperations } from './resolve-step-operations.js';
import { checkSemantics, type SourceWorkflowLookup } from './semantic/index.js';

/** What validating the documents of a load found. */
export interface LoadValidation {
  /** Every problem, in the documents and in the sources they reach, sorted by source and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Each document's resolved step operations, by `workflowIndex/stepIndex` (empty without sources). */
  readonly operations: ReadonlyMap<DocumentNode, ReadonlyMap<string, OpenApiOperation>>;
}

/**
 * Validates every usable Arazzo document of a load, already read with its sources: semantic
 * rules, expressions and (with sources) operations. The schema and the root checks ran as
 * each document was read; their diagnostics are in the node's list already.
 */
export async function validateDocuments(nodes: readonly DocumentNode[], sourceDiagnostics: readonly Diagnostic[], loadSources: boolean): Promise<LoadValidation> {
  const operations = new Map<DocumentNode, ReadonlyMap<string, OpenApiOperation>>();
  for (const node of nodes) {
    if (!node.data) continue;
    // XPath criteria are checked for static errors only with the XPath engine loaded (~70 ms),
    // so it is loaded for documents that mention XPath at all.
    if (!isXPathLoaded() && node.parsed.text.includes('xpath')) await preloadXPath();
    // The document's expressions are parsed once, into this table, as it is validated; the model reads them from it.
    const expressions = startExpressions(node.data);
    const semantic = checkSemantics({ parsed: node.parsed, ...(loadSources ? { lookupSourceWorkflow: lookupIn(node) } : {}) });
    node.diagnostics.push(...semantic, ...withoutRestatements(collectExpressionDiagnostics(node.parsed, validateExpressions(node.data, expressions)), semantic));
    if (loadSources) {
      const resolved = resolveStepOperations(node);
      operations.set(node, resolved.operations);
      // D13: once the operation shows that `in` cannot be inferred, the error replaces the warning.
      const failedLocations = new Set(resolved.diagnostics.filter((problem) => problem.code === 'parameter-in').map((problem) => problem.path));
      const kept = node.diagnostics.filter((diagnostic) => !(diagnostic.code === 'parameter-in' && diagnostic.severity === 'warning' && failedLocations.has(diagnostic.path)));
      node.diagnostics.splice(0, node.diagnostics.length, ...kept, ...resolved.diagnostics);
    }
  }
  const diagnostics = sortDiagnostics(dedupe([...nodes.flatMap((node) => node.diagnostics), ...sourceDiagnostics]));
  return { diagnostics, operations };
}

function lookupIn(node: DocumentNode): (sourceName: string, workflowId: string) => SourceWorkflowLookup {
  return (sourceName, workflowId) => {
    const source = node.sources.get(sourceName);
    if (!source) return 'unknown';
    if (source.type !== 'arazzo') return 'not-arazzo';
    const workflows = source.node.data?.['workflows'];
    if (!Array.isArray(workflows)) return 'unknown';
    return workflows.some((workflow) => (workflow as { workflowId?: unknown } | null)?.workflowId === workflowId) ? 'found' : 'missing';
  };
}

/**
 * The expressions package checks references too (`$components.x`, a criterion's
 * context, a workflow id); where a semantic rule already reported the same node,
 * its rule id stands and the restatement is dropped, so each problem is told once.
 */
function withoutRestatements(expressionProblems: readonly Diagnostic[], semantic: readonly Diagnostic[]): Diagnostic[] {
  const taken = new Set(semantic.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.path));
  // A criterion without context is reported by both, at `.../context` (absent) and at `.../type`.
  return expressionProblems.filter((problem) => !taken.has(problem.path) && !taken.has(problem.path.replace(/\/context$/, '/type')));
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
