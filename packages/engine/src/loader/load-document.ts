import { isXPathLoaded, preloadXPath } from '@loom/expressions';
import { validateExpressions } from '@loom/expressions/internal';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { ArazzoDocument } from '../model/arazzo.js';
import { buildModel } from '../model/build-model.js';
import { compileDocument } from '../runner/compile-plan.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { LoomError } from '../errors.js';
import { allowHostProblem } from '../sources/allowed-hosts.js';
import { toDocumentUrl } from '../sources/index.js';
import type { OpenApiOperation, OpenApiSource } from '../sources/types.js';
import { collectExpressionDiagnostics } from '../validate/expression-diagnostics.js';
import { resolveStepOperations } from '../validate/resolve-step-operations.js';
import { checkSemantics, type SourceWorkflowLookup } from '../validate/semantic/index.js';
import { workflowsOf } from '../validate/document-walk.js';
import { indexWorkflowErrors, type ErrorScopeDocument, type WorkflowErrors } from '../validate/workflow-errors.js';
import { LoadSession, type DocumentNode } from './load-session.js';
import type { ParsedText } from '../document/parse-text.js';

/** Options of {@link loadDocument}, {@link validateDocument} and {@link fixDocument}. */
export interface LoadOptions {
  /** By source description name: the path or URL (relative to `cwd`) that replaces its `url` (CLI `--source name=path`). */
  readonly sourceOverrides?: Readonly<Record<string, string>>;
  /** Base for a relative `pathOrUrl` and for override paths; default `process.cwd()`. */
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** Load source descriptions and resolve every step's operation; default true. */
  readonly loadSources?: boolean;
  /** Time limit for reading each document over http(s), redirects included; default 30 s (CLI `--timeout`). */
  readonly timeoutMs?: number;
  /** DECISIONS D25: read no document over the network; a remote document or source is an error (CLI `--offline`). */
  readonly offline?: boolean;
  /**
   * DECISIONS D36: the only hosts documents may be read from over http(s), redirects included (CLI `--allow-host`).
   * An entry is a host (any port) or `host:port`; absent: any host.
   */
  readonly allowHosts?: readonly string[];
  /**
   * The document's text, already in hand: checked instead of reading `pathOrUrl`, which then only names it
   * and places its relative references (`loom validate -` reads stdin; loom fix checks a fixed text before writing it).
   */
  readonly text?: string;
  /**
   * Texts the caller parsed already with `parseText` (`loom lint` parses a file for Spectral first): a document
   * read to the same URL and text is not parsed again (DECISIONS D55). Their data is frozen with the model.
   */
  readonly parsedTexts?: readonly ParsedText[];
}

/**
 * What {@link loadDocument} returns: the document, every diagnostic and, without errors, the resolved model;
 * pass it to {@link run}.
 */
export interface LoadedDocument {
  /** The document's URL (a `file:` URL for a path). */
  readonly url: string;
  readonly parsed: ParsedText;
  /** Undefined when the document is unusable: malformed, not an object, or not Arazzo 1.0.x. */
  readonly document: ArazzoDocument | undefined;
  /** Every problem found, in this document and in the documents it reaches, sorted by source and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The resolved model; present when there are no errors. */
  readonly model: ResolvedDocument | undefined;
  /** Each step's operation by `workflowIndex/stepIndex`, for the steps whose operation resolved, errors elsewhere or not (lint reads it). */
  readonly stepOperations: ReadonlyMap<string, OpenApiOperation>;
  /** The document's OpenAPI source descriptions that loaded, by name. */
  readonly openApiSources: ReadonlyMap<string, OpenApiSource>;
  /**
   * Present when the document has errors but its root is usable (DECISIONS D52, D53): where the errors
   * are, which workflows they touch, and the model of the workflows free of errors of their own.
   */
  readonly partial?: PartialModel;
}

/** What of a document with errors can still be shown and run (DECISIONS D52, D53). */
export interface PartialModel {
  readonly errors: WorkflowErrors;
  /**
   * The workflows with no errors in them or in the components, source descriptions and OpenAPI
   * operations they use; undefined when there are none (or the document was loaded without sources).
   */
  readonly model: ResolvedDocument | undefined;
}

/**
 * Loads an Arazzo 1.0.x document and everything it references, validates it
 * (schema, semantic rules, expressions, operations) and builds the resolved model.
 * Problems in documents are diagnostics, never exceptions.
 * @throws LoomError `LOOM_ERR_READ` when the document itself cannot be read (or is remote with `offline`
 *   or on a host `allowHosts` leaves out), `LOOM_ERR_USAGE` when a source override names no source
 *   description or `timeoutMs` / `allowHosts` cannot work,
 *   `LOOM_ERR_ABORTED` when `options.signal` aborts.
 */
export async function loadDocument(pathOrUrl: string, options: LoadOptions = {}): Promise<LoadedDocument> {
  checkReadOptions(options);
  const url = toDocumentUrl(pathOrUrl, options.cwd);
  const session = new LoadSession({
    loadSources: options.loadSources ?? true,
    ...(options.sourceOverrides ? { sourceOverrides: options.sourceOverrides } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.offline ? { offline: true } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    ...(options.parsedTexts ? { parsedTexts: options.parsedTexts } : {}),
  });
  const root = await session.loadRoot(url, options.text);
  const loadSources = options.loadSources ?? true;
  for (const node of session.nodes.values()) {
    if (!node.document) continue;
    // XPath criteria are checked for static errors only with the XPath engine loaded (~70 ms),
    // so it is loaded for documents that mention XPath at all.
    if (!isXPathLoaded() && node.parsed.text.includes('xpath')) await preloadXPath();
    const semantic = checkSemantics({ parsed: node.parsed, ...(loadSources ? { lookupSourceWorkflow: lookupIn(node) } : {}) });
    node.diagnostics.push(...semantic, ...withoutRestatements(collectExpressionDiagnostics(node.parsed, validateExpressions(node.parsed.data)), semantic));
    if (loadSources) {
      const operationProblems = resolveStepOperations(node);
      // D13: once the operation shows that `in` cannot be inferred, the error replaces the warning.
      const failedLocations = new Set(operationProblems.filter((problem) => problem.code === 'parameter-in').map((problem) => problem.path));
      const kept = node.diagnostics.filter((diagnostic) => !(diagnostic.code === 'parameter-in' && diagnostic.severity === 'warning' && failedLocations.has(diagnostic.path)));
      node.diagnostics.splice(0, node.diagnostics.length, ...kept, ...operationProblems);
    }
  }
  const diagnostics = sortDiagnostics(dedupe([...[...session.nodes.values()].flatMap((node) => node.diagnostics), ...session.sourceDiagnostics]));
  const model = root.document && loadSources && !hasErrors(diagnostics) ? buildModel(root) : undefined;
  // Compile at load (expressions parsed, criteria compiled, targets bound; cached on the model), so a
  // run only evaluates and sends.
  if (model) compileDocument(model);
  const openApiSources = new Map<string, OpenApiSource>();
  for (const [name, source] of root.sources) if (source.type === 'openapi') openApiSources.set(name, source.source);
  const partial = root.document && hasErrors(diagnostics) ? partialModelOf(root, [...session.nodes.values()], diagnostics, loadSources) : undefined;
  return { url: root.url, parsed: root.parsed, document: root.document, diagnostics, model, stepOperations: root.operations, openApiSources, ...(partial ? { partial } : {}) };
}

/** DECISIONS D52, D53: errors mapped to the workflows they touch, and the model of the others. */
function partialModelOf(root: DocumentNode, nodes: readonly DocumentNode[], diagnostics: readonly Diagnostic[], loadSources: boolean): PartialModel {
  const errors = indexWorkflowErrors(diagnostics, nodes.map(errorScopeOf));
  const include = (node: DocumentNode, workflowIndex: number) => !errors.hasOwnErrors(node.url, workflowIndex);
  const anyIncluded = workflowsOf(root.document).some((workflow) => include(root, workflow.path[1] as number));
  if (!loadSources || !anyIncluded) return { errors, model: undefined };
  const build = (): ResolvedDocument | undefined => {
    try {
      const model = buildModel(root, include);
      compileDocument(model);
      return model;
    } catch {
      // The rules report every problem the model depends on; should a shape they missed still break
      // the build, the document is shown and run as before D52: not at all, its errors listed.
      return undefined;
    }
  };
  let built: { readonly model: ResolvedDocument | undefined } | undefined;
  return {
    errors,
    // Built on first use: validate and lint never ask for it; list, describe, graph, types and run do.
    get model() {
      built ??= { model: build() };
      return built.model;
    },
  };
}

function errorScopeOf(node: DocumentNode): ErrorScopeDocument {
  const sources = new Map<string, { type: 'openapi' | 'arazzo'; url: string }>();
  // A source that did not load is an OpenAPI file for this purpose: its errors are in that file.
  for (const [name, url] of node.sourceUrls) sources.set(name, { type: 'openapi', url });
  for (const [name, loaded] of node.sources) sources.set(name, loaded.type === 'openapi' ? { type: 'openapi', url: loaded.source.url } : { type: 'arazzo', url: loaded.node.url });
  return { url: node.url, document: node.document, sources, operations: node.operations };
}

function checkReadOptions(options: LoadOptions): void {
  const { timeoutMs, allowHosts } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new LoomError('LOOM_ERR_USAGE', `timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  for (const entry of allowHosts ?? []) {
    const problem = allowHostProblem(entry);
    if (problem !== undefined) throw new LoomError('LOOM_ERR_USAGE', `allowHosts: ${problem}`);
  }
}

/** Loads and validates; the diagnostics only. Same errors as loadDocument. */
export async function validateDocument(pathOrUrl: string, options: LoadOptions = {}): Promise<readonly Diagnostic[]> {
  return (await loadDocument(pathOrUrl, options)).diagnostics;
}

function lookupIn(node: DocumentNode): (sourceName: string, workflowId: string) => SourceWorkflowLookup {
  return (sourceName, workflowId) => {
    const source = node.sources.get(sourceName);
    if (!source) return 'unknown';
    if (source.type !== 'arazzo') return 'not-arazzo';
    const document = source.node.document;
    if (!document || !Array.isArray(document.workflows)) return 'unknown';
    return document.workflows.some((workflow) => workflow?.workflowId === workflowId) ? 'found' : 'missing';
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
