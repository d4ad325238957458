import { isRecord, readOwn } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { LoomError } from '../errors.js';
import type { ArazzoDocument } from '../model/arazzo.js';
import { displayUrl, loadOpenApiSource, referenceRefusal, resolveUrl, SourceCache, toDocumentUrl } from '../sources/index.js';
import type { ReadResourceOptions } from '../sources/read-resource.js';
import type { OpenApiSource } from '../sources/types.js';
import { loadAsyncApiSource } from '../sources/asyncapi-load.js';
import type { AsyncApiSource } from '../sources/asyncapi-types.js';
import { checkAsyncApiStepReferences, type ResolvedAsyncApiStep } from '../sources/asyncapi-step-references.js';
import { sourceDescriptionsOf, stringField, type Data } from '../validate/document-walk.js';
import { validateAgainstSchema } from '../validate/schema-errors.js';
import { arazzoVersionOf, checkDocumentRoot } from './document-root.js';
import { DocumentIdentities } from './document-identities.js';
import { baseUrlOf } from '../sources/base-uri.js';
import { loadArazzoSchemaValidator } from '../validate/schema-validator.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';

/** A loaded source description of one Arazzo document. */
export type LoadedSource = { readonly type: 'openapi'; readonly source: OpenApiSource } | { readonly type: 'arazzo'; readonly node: DocumentNode };

/** One Arazzo document of a load (the root or an `arazzo` source), with what was found while loading it. */
export interface DocumentNode {
  readonly url: string;
  readonly parsed: ParsedText;
  /** The document's data, present when it is usable: it parsed, is an object and says `arazzo: 1.0.x` or `1.1.x`. It may fail the schema. */
  readonly data: Data | undefined;
  /** The same data typed as an Arazzo document: present only when the schema passed too. */
  readonly document: ArazzoDocument | undefined;
  /** Diagnostics located in this document. */
  readonly diagnostics: Diagnostic[];
  /** Loaded source descriptions by name. */
  readonly sources: Map<string, LoadedSource>;
  /** Loaded `asyncapi` source descriptions by name (DECISIONS D73). */
  readonly asyncApiSources: Map<string, AsyncApiSource>;
  /** Each asynchronous step's resolved AsyncAPI operation, by `<workflowIndex>/<stepIndex>`. */
  readonly asyncApiSteps: Map<string, ResolvedAsyncApiStep>;
  /** Names of source descriptions that could not be loaded (already reported). */
  readonly failedSources: Set<string>;
  /** Where each source description was read from, loaded or not (so its problems can be told apart, DECISIONS D53). */
  readonly sourceUrls: Map<string, string>;
}

/** A document Loom can read: it parsed, is an object and says `arazzo: 1.0.x` or `1.1.x`. */
export type UsableDocumentNode = DocumentNode & { readonly data: Data };

export function isUsable(node: DocumentNode): node is UsableDocumentNode {
  return node.data !== undefined;
}

export interface LoadSessionOptions extends ReadResourceOptions {
  readonly sourceOverrides?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly loadSources: boolean;
  readonly parsedTexts?: readonly ParsedText[];
  /** Paths or URLs (relative to `cwd`) of documents provided to be found by their `$self` (DECISIONS D108). */
  readonly documents?: readonly string[];
}

/** Arazzo documents reachable through `arazzo` sources are followed this far, so a generated chain cannot run away. */
const MAX_DOCUMENTS = 64;

/**
 * One load of an Arazzo document and everything it reaches. Every URL is read
 * and parsed once (SourceCache); an Arazzo document met again (a cycle of
 * `arazzo` sources) is the same node, so cycles end by themselves.
 */
export class LoadSession {
  readonly cache: SourceCache;
  readonly nodes = new Map<string, DocumentNode>();
  /** Diagnostics located in OpenAPI sources (their own `source`). */
  readonly sourceDiagnostics: Diagnostic[] = [];
  /** DECISIONS D108: the documents a source `url` may name by identity. */
  readonly identities: DocumentIdentities;

  constructor(readonly options: LoadSessionOptions) {
    const { signal, timeoutMs, offline, allowHosts, tls } = options;
    this.cache = new SourceCache(
      {
        ...(signal ? { signal } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(offline ? { offline } : {}),
        ...(allowHosts ? { allowHosts } : {}),
        ...(tls ? { tls } : {}),
      },
      options.parsedTexts,
    );
    this.identities = new DocumentIdentities(options.cwd);
  }

  /**
   * Reads the provided documents and the root document (or takes `text` as its content), then everything they reach.
   * @throws LoomError LOOM_ERR_READ when the root or a provided document cannot be read, LOOM_ERR_USAGE when two
   *   provided documents have the same `$self` or one of `documents` has none (DECISIONS D108).
   */
  async loadRoot(url: string, text?: string): Promise<DocumentNode> {
    if (text !== undefined) this.cache.seed(url, text);
    // Arazzo 1.1.0 §Parsing Documents: every document provided is parsed before any reference is resolved.
    const provided = await Promise.all([url, ...(this.options.documents ?? []).map((document) => toDocumentUrl(document, this.options.cwd))].map((location) => this.cache.get(location)));
    for (const cached of provided) if (cached.error) throw cached.error;
    const [rootText, ...documents] = provided.map((cached) => cached.parsed!);
    this.identities.provide(rootText!, false);
    for (const document of documents) this.identities.provide(document, true);
    await prepareSchemaValidator(rootText!);
    const root = this.#addNode(rootText!, true);
    await this.#loadReachable(root);
    return root;
  }

  /**
   * Loads the sources of `root`, then of the Arazzo documents they are, one level at a time: each level's documents
   * are known by identity (DECISIONS D108) before the next level's URLs are resolved, in document order, so which
   * document a URL names never depends on which read finished first.
   */
  async #loadReachable(root: DocumentNode): Promise<void> {
    if (!this.options.loadSources) return;
    const expanded = new Set<DocumentNode>([root]);
    let level = isUsable(root) ? [root] : [];
    while (level.length > 0) {
      const children = await Promise.all(level.map((node) => this.#loadSources(node, node === root)));
      level = [];
      for (const child of children.flat()) {
        if (expanded.has(child)) continue;
        expanded.add(child);
        this.identities.learn(child.parsed);
        if (isUsable(child)) level.push(child);
      }
    }
  }

  #addNode(parsed: ParsedText, isRoot: boolean): DocumentNode {
    const known = this.nodes.get(parsed.uri);
    if (known) return known;
    const diagnostics: Diagnostic[] = [...parsed.diagnostics];
    const rootProblems = checkDocumentRoot(parsed);
    diagnostics.push(...rootProblems);
    const usable = !diagnostics.some((diagnostic) => diagnostic.severity === 'error');
    const schemaProblems = usable ? validateAgainstSchema(parsed) : [];
    diagnostics.push(...schemaProblems);
    const data = usable ? (parsed.data as Data) : undefined;
    const node: DocumentNode = {
      url: parsed.uri,
      parsed,
      data,
      // Typed as an Arazzo document only once the schema has passed.
      document: usable && !schemaProblems.some((diagnostic) => diagnostic.severity === 'error') ? (parsed.data as ArazzoDocument) : undefined,
      diagnostics,
      sources: new Map(),
      asyncApiSources: new Map(),
      asyncApiSteps: new Map(),
      failedSources: new Set(),
      sourceUrls: new Map(),
    };
    this.nodes.set(parsed.uri, node);
    if (!usable) return node;
    if (isRoot) this.#checkOverrides(node);
    return node;
  }

  #checkOverrides(node: DocumentNode): void {
    const names = new Set(sourceDescriptionsOf(node.data).map((source) => stringField(source.value, 'name')));
    for (const name of Object.keys(this.options.sourceOverrides ?? {})) {
      if (!names.has(name)) {
        const known = [...names].filter((known) => known !== undefined).join(', ') || 'none';
        throw new LoomError('LOOM_ERR_USAGE', `--source ${name}=...: the document has no source description named '${name}' (it has: ${known}).`);
      }
    }
  }

  /** Loads the source descriptions of `node`; the Arazzo documents among them, in document order. */
  async #loadSources(node: DocumentNode, isRoot: boolean): Promise<DocumentNode[]> {
    const seen = new Set<string>();
    const loads: Promise<DocumentNode | undefined>[] = [];
    for (const description of sourceDescriptionsOf(node.data)) {
      const name = stringField(description.value, 'name');
      const written = stringField(description.value, 'url');
      if (name === undefined || written === undefined || seen.has(name)) continue;
      seen.add(name);
      const urlPath = [...description.path, 'url'];
      // DECISIONS D30: a source named `constructor` must not find Object.prototype's member.
      const override = isRoot && this.options.sourceOverrides ? (readOwn(this.options.sourceOverrides, name) as string | undefined) : undefined;
      const unreadable = (message: string): void => {
        node.failedSources.add(name);
        node.diagnostics.push(diagnosticAt(node.parsed, urlPath, { code: 'source-unreadable', severity: 'error', message: `Source description '${name}': ${message}` }));
      };
      let url: string;
      try {
        // DECISIONS D107: relative to the referring document's base URI, its `$self` when it has one (Arazzo 1.1.0
        // §Establishing the Base URI). An override is the user's, relative to cwd.
        url = override !== undefined ? toDocumentUrl(override, this.options.cwd) : resolveUrl(written, baseUrlOf(node.parsed));
      } catch (error) {
        unreadable(error instanceof Error ? error.message : String(error));
        continue;
      }
      // DECISIONS D25: a remote document cannot name a local source (an override is the user's own choice). The
      // retrieval URL decides, never `$self`: a remote document that calls itself file:... still reads no local file.
      const refusal = override === undefined ? referenceRefusal(url, node.url) : undefined;
      if (refusal !== undefined) {
        node.failedSources.add(name);
        node.diagnostics.push(
          diagnosticAt(node.parsed, urlPath, { code: 'reference-not-allowed', severity: 'error', message: `Source description '${name}': ${displayUrl(url)} is not read: ${refusal}` }),
        );
        continue;
      }
      const declared = description.value['type'];
      // DECISIONS D108: a URL that is a provided or loaded document's `$self` is that document, read from where it was
      // read, without a request; otherwise the URL is a location, read under the read policy. An override is a location.
      const location = override === undefined ? (this.identities.locate(url) ?? url) : url;
      node.sourceUrls.set(name, location);
      loads.push(this.#loadSource(node, name, location, declared, urlPath, unreadable));
    }
    const children = await Promise.all(loads);
    if (node.asyncApiSources.size > 0) node.diagnostics.push(...checkAsyncApiStepReferences(node.parsed, node.data!, node.asyncApiSources, node.failedSources, node.asyncApiSteps));
    return children.filter((child) => child !== undefined);
  }

  /** Loads one source description; an Arazzo one is returned as its document's node. */
  async #loadSource(node: DocumentNode, name: string, url: string, declared: unknown, urlPath: readonly (string | number)[], unreadable: (message: string) => void): Promise<DocumentNode | undefined> {
    let type = declared;
    if (type === 'asyncapi') return void (await this.#loadAsyncApiSource(node, name, url, urlPath));
    if (type !== 'arazzo' && type !== 'openapi') {
      // No (valid) type: the document says what it is.
      const cached = await this.cache.get(url);
      if (cached.error) return this.#readFailure(cached.error, unreadable);
      type = isRecord(cached.parsed.data) && cached.parsed.data['arazzo'] !== undefined ? 'arazzo' : 'openapi';
    }
    if (type === 'arazzo') {
      const cached = await this.cache.get(url);
      if (cached.error) return this.#readFailure(cached.error, unreadable);
      if (!this.nodes.has(cached.parsed.uri) && this.nodes.size >= MAX_DOCUMENTS) {
        unreadable(`not loaded: more than ${MAX_DOCUMENTS} Arazzo documents are linked from this one`);
        return;
      }
      await prepareSchemaValidator(cached.parsed);
      const child = this.#addNode(cached.parsed, false);
      if (!child.data) node.failedSources.add(name);
      node.sources.set(name, { type: 'arazzo', node: child });
      return child;
    }
    const result = await loadOpenApiSource(name, url, { cache: this.cache, origin: { parsed: node.parsed, path: urlPath } });
    for (const diagnostic of result.diagnostics) {
      // `source-unreadable` comes back located in this document (origin); the rest belong to the OpenAPI file.
      if (diagnostic.source === node.url) node.diagnostics.push(diagnostic);
      else this.sourceDiagnostics.push(diagnostic);
    }
    if (result.source) node.sources.set(name, { type: 'openapi', source: result.source });
    else node.failedSources.add(name);
    return undefined;
  }

  async #loadAsyncApiSource(node: DocumentNode, name: string, url: string, urlPath: readonly (string | number)[]): Promise<void> {
    const result = await loadAsyncApiSource(name, url, { cache: this.cache, origin: { parsed: node.parsed, path: urlPath }, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    for (const diagnostic of result.diagnostics) (diagnostic.source === node.url ? node.diagnostics : this.sourceDiagnostics).push(diagnostic);
    if (result.source) node.asyncApiSources.set(name, result.source);
    else node.failedSources.add(name);
  }

  #readFailure(error: LoomError, unreadable: (message: string) => void): undefined {
    if (error.code === 'LOOM_ERR_ABORTED') throw error;
    unreadable(error.message);
    return undefined;
  }
}

/** The schema validator of the document's Arazzo version, loaded before the document is validated (DECISIONS D72). */
async function prepareSchemaValidator(parsed: ParsedText): Promise<void> {
  const version = arazzoVersionOf(parsed.data);
  if (version !== undefined) await loadArazzoSchemaValidator(version);
}
