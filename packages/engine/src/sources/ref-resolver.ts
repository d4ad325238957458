import type { Diagnostic } from '../diagnostics.js';
import { LoomError } from '../errors.js';
import { getAtPath, parsePointer, toPointer, type PathSegment } from '../json-pointer.js';
import { diagnosticAt, type ParsedText } from '../loader/parse-text.js';
import { nearestName } from './nearest-name.js';
import type { CachedDocument } from './source-cache.js';
import { displayUrl, resolveUrl, splitFragment } from './urls.js';

/**
 * `$ref` resolution for OpenAPI documents, in two phases (spectral's resolver does the
 * same): first every file reachable through `$ref`s is read (the only I/O), then the
 * document is rebuilt synchronously with each Reference Object replaced by its target.
 *
 * Cycles: a `$ref` whose target contains the node being built (directly or through
 * other refs) is left in place as `{ $ref }`, its value made absolute when it points
 * into another file. The result is always a finite tree, safe for JSON.stringify,
 * ajv and plain recursive walks. Targets reached twice share one resolved object.
 */

/** Values under these keys are literal data, never Reference Objects. */
const LITERAL_KEYS = new Set(['example', 'enum', 'const']);
/** A safety net for pathological reference graphs. */
const MAX_DOCUMENTS = 200;

export interface ResolveRefsOptions {
  /** OpenAPI 3.0 ignores fields beside `$ref`; 3.1 lets them (e.g. `description`) override the target's. */
  readonly siblingsOverride: boolean;
  readonly load: (url: string) => Promise<CachedDocument>;
}

export interface ResolvedRefs {
  readonly document: unknown;
  readonly diagnostics: Diagnostic[];
}

export async function resolveRefs(root: ParsedText, options: ResolveRefsOptions): Promise<ResolvedRefs> {
  const documents = await collectDocuments(root, options.load);
  const resolver = new Resolver(documents, options.siblingsOverride);
  const document = resolver.resolve(root);
  return { document, diagnostics: [...documents.diagnostics, ...resolver.diagnostics] };
}

interface DocumentSet {
  readonly byUrl: Map<string, CachedDocument>;
  readonly diagnostics: Diagnostic[];
}

/** Phase 1: read every document reachable through `$ref`s, breadth first, each once. */
async function collectDocuments(root: ParsedText, load: (url: string) => Promise<CachedDocument>): Promise<DocumentSet> {
  const byUrl = new Map<string, CachedDocument>([[root.uri, { parsed: root }]]);
  const diagnostics: Diagnostic[] = [];
  let frontier: ParsedText[] = [root];
  while (frontier.length > 0) {
    const wanted = new Set<string>();
    for (const parsed of frontier) {
      forEachRef(parsed.data, (ref) => {
        const target = tryResolveUrl(ref, parsed.uri);
        if (target === undefined) return;
        const { documentUrl } = splitFragment(target);
        if (!byUrl.has(documentUrl)) wanted.add(documentUrl);
      });
    }
    const next: ParsedText[] = [];
    await Promise.all(
      [...wanted].map(async (url) => {
        if (byUrl.size >= MAX_DOCUMENTS) {
          byUrl.set(url, { error: tooMany(url) });
          return;
        }
        byUrl.set(url, { error: pending(url) });
        const loaded = await load(url);
        byUrl.set(url, loaded);
        // After a redirect the text knows its final URL; refs inside resolve against that.
        if (loaded.parsed) {
          diagnostics.push(...loaded.parsed.diagnostics);
          if (!byUrl.has(loaded.parsed.uri)) byUrl.set(loaded.parsed.uri, loaded);
          next.push(loaded.parsed);
        }
      }),
    );
    frontier = next;
  }
  return { byUrl, diagnostics };
}

function forEachRef(node: unknown, visit: (ref: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) forEachRef(item, visit);
  } else if (isObject(node)) {
    if (typeof node['$ref'] === 'string') visit(node['$ref']);
    for (const [key, value] of Object.entries(node)) if (!LITERAL_KEYS.has(key)) forEachRef(value, visit);
  }
}

interface Frame {
  readonly parsed: ParsedText;
  /** Where the walk is inside `parsed.data`; pushed and popped as it descends. */
  readonly path: PathSegment[];
}

/** Phase 2: rebuild the document with every `$ref` replaced. Pure, synchronous. */
class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  readonly #documents: DocumentSet;
  readonly #siblingsOverride: boolean;
  readonly #frames: Frame[] = [];
  readonly #resolved = new Map<string, unknown>();
  readonly #reported = new Set<string>();
  #rootUrl = '';

  constructor(documents: DocumentSet, siblingsOverride: boolean) {
    this.#documents = documents;
    this.#siblingsOverride = siblingsOverride;
  }

  resolve(root: ParsedText): unknown {
    this.#rootUrl = root.uri;
    return this.#enter(root, [], root.data);
  }

  #enter(parsed: ParsedText, path: readonly PathSegment[], node: unknown): unknown {
    this.#frames.push({ parsed, path: [...path] });
    try {
      return this.#walk(node);
    } finally {
      this.#frames.pop();
    }
  }

  #walk(node: unknown): unknown {
    const frame = this.#frames[this.#frames.length - 1]!;
    if (Array.isArray(node)) {
      return node.map((item, index) => {
        frame.path.push(index);
        try {
          return this.#walk(item);
        } finally {
          frame.path.pop();
        }
      });
    }
    if (!isObject(node)) return node;
    if (typeof node['$ref'] === 'string') return this.#follow(node as Record<string, unknown> & { $ref: string });
    return this.#walkFields(node, frame);
  }

  #walkFields(node: Record<string, unknown>, frame: Frame, skip?: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === skip) continue;
      if (LITERAL_KEYS.has(key)) {
        result[key] = value;
        continue;
      }
      frame.path.push(key);
      try {
        result[key] = this.#walk(value);
      } finally {
        frame.path.pop();
      }
    }
    return result;
  }

  #follow(node: Record<string, unknown> & { $ref: string }): unknown {
    const frame = this.#frames[this.#frames.length - 1]!;
    const ref = node.$ref;
    const target = tryResolveUrl(ref, frame.parsed.uri);
    if (target === undefined) return this.#unresolved(frame, ref, `'${ref}' is not a valid URL reference`, node);
    const { documentUrl, fragment } = splitFragment(target);
    const cached = this.#documents.byUrl.get(documentUrl);
    if (!cached?.parsed) {
      return this.#unresolved(frame, ref, cached?.error.message ?? `cannot read ${displayUrl(documentUrl)}`, node);
    }
    const parsed = cached.parsed;
    if (parsed.data === undefined) return this.#unresolved(frame, ref, `${displayUrl(parsed.uri)} could not be parsed`, node);
    const path = fragmentToPath(fragment ?? '');
    if (path === undefined) {
      return this.#unresolved(frame, ref, `'#${fragment}' is not a JSON Pointer (only JSON Pointer fragments are supported)`, node);
    }
    const value = getAtPath(parsed.data, path);
    if (value === undefined) return this.#unresolved(frame, ref, missingTargetReason(parsed, path), node);

    const siblings = this.#siblingsOverride && Object.keys(node).length > 1 ? this.#walkFields(node, frame, '$ref') : undefined;
    let resolved: unknown;
    if (this.#isCycle(parsed.uri, path)) {
      resolved = { $ref: parsed.uri === this.#rootUrl ? '#' + toPointer(path) : parsed.uri + '#' + toPointer(path) };
    } else {
      const key = parsed.uri + '#' + toPointer(path);
      if (this.#resolved.has(key)) {
        resolved = this.#resolved.get(key);
      } else {
        resolved = this.#enter(parsed, path, value);
        this.#resolved.set(key, resolved);
      }
    }
    return siblings && isObject(resolved) ? { ...resolved, ...siblings } : resolved;
  }

  /** A target is cyclic when it contains (is a prefix of) a node being built in any frame of the same file. */
  #isCycle(url: string, target: readonly PathSegment[]): boolean {
    return this.#frames.some((frame) => frame.parsed.uri === url && isPrefix(target, frame.path));
  }

  #unresolved(frame: Frame, ref: string, reason: string, node: Record<string, unknown>): unknown {
    const at = [...frame.path, '$ref'];
    const key = frame.parsed.uri + '#' + toPointer(at);
    if (!this.#reported.has(key)) {
      this.#reported.add(key);
      this.diagnostics.push(
        diagnosticAt(frame.parsed, at, { code: 'openapi-ref-unresolved', severity: 'error', message: `$ref '${ref}' does not resolve: ${reason}` }),
      );
    }
    return node;
  }
}

function missingTargetReason(parsed: ParsedText, path: readonly PathSegment[]): string {
  let reason = `nothing at #${toPointer(path)} in ${displayUrl(parsed.uri)}`;
  const parent = getAtPath(parsed.data, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last !== undefined && isObject(parent)) {
    const near = nearestName(String(last), Object.keys(parent));
    if (near !== undefined) reason += `; did you mean '${near}'?`;
  }
  return reason;
}

/** RFC 6901 §6: a URI fragment is percent-decoded, then read as a JSON Pointer. */
export function fragmentToPath(fragment: string): string[] | undefined {
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    // A stray '%' in a fragment: read it as written.
  }
  return parsePointer(decoded);
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, index) => String(segment) === String(path[index]));
}

function tryResolveUrl(reference: string, base: string): string | undefined {
  try {
    return resolveUrl(reference, base);
  } catch {
    return undefined;
  }
}

function tooMany(url: string): LoomError {
  return errorOf(`${displayUrl(url)} not read: more than ${MAX_DOCUMENTS} files are referenced`);
}

function pending(url: string): LoomError {
  return errorOf(`${displayUrl(url)} is still being read`);
}

function errorOf(message: string): LoomError {
  return new LoomError('LOOM_ERR_READ', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
