import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { ArazzoDocument } from './model/arazzo.js';
import { buildModel, type OperationsByDocument } from './model/build-model.js';
import { compileDocument } from './runner/compile-plan.js';
import type { ResolvedDocument } from './model/resolved.js';
import { LoomError } from './errors.js';
import { httpClientFor } from './http/send.js';
import type { TlsOptions } from './http/tls-options.js';
import { allowHostProblem } from './sources/allowed-hosts.js';
import { toDocumentUrl } from './sources/index.js';
import type { OpenApiOperation, OpenApiSource } from './sources/types.js';
import { workflowsOf } from './validate/document-walk.js';
import { validateDocuments } from './validate/validate-documents.js';
import { indexWorkflowErrors, type ErrorScopeDocument, type WorkflowErrors } from './validate/workflow-errors.js';
import { isUsable, LoadSession, type DocumentNode, type UsableDocumentNode } from './loader/load-session.js';
import type { ParsedText } from './document/parse-text.js';

/**
 * The one place that runs a load from end to end: read (loader/) -> validate (validate/) ->
 * model (model/) -> compile (runner/). The layers below know nothing of each other's order.
 */

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
  /** Client certificates and private CAs for documents read over https (CLI `--client-cert`, `--ca`; DECISIONS D79, D80). */
  readonly tls?: TlsOptions;
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
  /**
   * DECISIONS D108: paths or URLs (relative to `cwd`) of documents provided to be found by identity: read and parsed
   * before any reference is resolved, a source description `url` equal to one's `$self` is that document, not read
   * again (CLI `--document`). Each must have a `$self`, and no two provided documents (the root included) the same one.
   */
  readonly documents?: readonly string[];
  /**
   * Build and compile the resolved model of a document without errors; default true. `false` when only the
   * diagnostics and operations are read (`loom lint`): `model` is then undefined, the rest unchanged.
   */
  readonly model?: boolean;
}

/**
 * The document as data, typed as an Arazzo document only once the schema has passed:
 * with `schemaValid` false, `document` is undefined when the document is unusable (malformed,
 * not an object, or not Arazzo 1.0.x or 1.1.x) and otherwise the data the schema rejected.
 */
export type LoadedDocumentData =
  | { readonly schemaValid: true; readonly document: ArazzoDocument }
  | { readonly schemaValid: false; readonly document: unknown };

/** What `loadDocument` returns: the document's diagnostics and what could be built from it, with the data as `LoadedDocumentData` says. */
export type LoadedDocument = LoadedDocumentFields & LoadedDocumentData;

/** The fields of a `LoadedDocument` that do not depend on whether the schema passed. */
export interface LoadedDocumentFields {
  /** The document's URL (a `file:` URL for a path). */
  readonly url: string;
  readonly parsed: ParsedText;
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
 * Loads an Arazzo 1.0.x or 1.1.x document and everything it references, validates it
 * (schema, semantic rules, expressions, operations) and builds the resolved model.
 * Problems in documents are diagnostics, never exceptions.
 * @throws LoomError `LOOM_ERR_READ` when the document itself or one of `documents` cannot be read (or is remote
 *   with `offline` or on a host `allowHosts` leaves out), `LOOM_ERR_USAGE` when a source override names no source
 *   description, `timeoutMs` / `allowHosts` cannot work, or `documents` has one without `$self` or two with the same,
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
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.parsedTexts ? { parsedTexts: options.parsedTexts } : {}),
    ...(options.documents ? { documents: options.documents } : {}),
  });
  const root = await session.loadRoot(url, options.text);
  const loadSources = options.loadSources ?? true;
  const nodes = [...session.nodes.values()];
  const { diagnostics, operations } = await validateDocuments(nodes, session.sourceDiagnostics, loadSources);
  const model = isUsable(root) && loadSources && options.model !== false && !hasErrors(diagnostics) ? buildModel(root, operations) : undefined;
  // Compile at load (expressions parsed, criteria compiled, targets bound; cached on the model), so a
  // run only evaluates and sends.
  if (model) compileDocument(model);
  const openApiSources = new Map<string, OpenApiSource>();
  for (const [name, source] of root.sources) if (source.type === 'openapi') openApiSources.set(name, source.source);
  const partial = isUsable(root) && hasErrors(diagnostics) ? partialModelOf(root, nodes, diagnostics, operations, loadSources) : undefined;
  const stepOperations = operations.get(root) ?? new Map<string, OpenApiOperation>();
  const data: LoadedDocumentData = root.document ? { schemaValid: true, document: root.document } : { schemaValid: false, document: root.data };
  return { url: root.url, parsed: root.parsed, ...data, diagnostics, model, stepOperations, openApiSources, ...(partial ? { partial } : {}) };
}

/** DECISIONS D52, D53: errors mapped to the workflows they touch, and the model of the others. */
function partialModelOf(root: UsableDocumentNode, nodes: readonly DocumentNode[], diagnostics: readonly Diagnostic[], operations: OperationsByDocument, loadSources: boolean): PartialModel {
  const errors = indexWorkflowErrors(diagnostics, nodes.map((node) => errorScopeOf(node, operations.get(node))));
  const include = (node: DocumentNode, workflowIndex: number) => !errors.hasOwnErrors(node.url, workflowIndex);
  const anyIncluded = workflowsOf(root.data).some((workflow) => include(root, workflow.path[1] as number));
  if (!loadSources || !anyIncluded) return { errors, model: undefined };
  const build = (): ResolvedDocument | undefined => {
    try {
      const model = buildModel(root, operations, include);
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

function errorScopeOf(node: DocumentNode, operations: ReadonlyMap<string, OpenApiOperation> = new Map()): ErrorScopeDocument {
  const sources = new Map<string, { type: 'openapi' | 'arazzo'; url: string }>();
  // A source that did not load is an OpenAPI file for this purpose: its errors are in that file.
  for (const [name, url] of node.sourceUrls) sources.set(name, { type: 'openapi', url });
  for (const [name, loaded] of node.sources) sources.set(name, loaded.type === 'openapi' ? { type: 'openapi', url: loaded.source.url } : { type: 'arazzo', url: loaded.node.url });
  return { url: node.url, document: node.data, sources, operations };
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
  // Made here, so an unusable certificate, key or CA is a usage error before anything is read.
  httpClientFor(options.tls);
}

/** Loads and validates; the diagnostics only. Same errors as loadDocument. */
export async function validateDocument(pathOrUrl: string, options: LoadOptions = {}): Promise<readonly Diagnostic[]> {
  // The diagnostics are complete before the model is built, and nothing here reads the model.
  return (await loadDocument(pathOrUrl, { ...options, model: false })).diagnostics;
}

