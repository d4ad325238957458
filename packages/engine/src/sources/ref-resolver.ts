import { writeOwn } from '@loom/expressions';
import type { Diagnostic } from '../diagnostics.js';
import { LoomError } from '../errors.js';
import { toPointer, type PathSegment } from '../json-pointer.js';
import { diagnosticAt, type ParsedText } from '../loader/parse-text.js';
import { findRefCycles } from './ref-cycles.js';
import { forEachRef, isObject, LITERAL_KEYS, locateRef, type RefProblem } from './ref-target.js';
import type { CachedDocument } from './source-cache.js';
import { displayUrl, referenceRefusal, resolveUrl, splitFragment } from './urls.js';

/**
 * `$ref` resolution for OpenAPI documents, in two phases (spectral's resolver does the
 * same): first every file reachable through `$ref`s is read (the only I/O), then the
 * document is rebuilt synchronously with each Reference Object replaced by its target.
 *
 * Cycles: a recursive schema (a target on a cycle of refs) is inlined once where it is
 * used, and the refs among its cycle group inside it are left as `{ $ref }`, made
 * absolute when they point into another file. The result is a finite tree that never
 * holds a cycle, safe for JSON.stringify and recursive walks. A target reached twice
 * is one shared object, so shared (acyclic) schemas cost memory once.
 */

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
  const { byUrl, diagnostics } = await collectDocuments(root, options.load);
  const resolver = new Resolver(byUrl, findRefCycles(root, byUrl), options.siblingsOverride, root.uri);
  const document = resolver.resolve(root);
  return { document, diagnostics: [...diagnostics, ...resolver.diagnostics] };
}

/** Phase 1: read every document reachable through `$ref`s, breadth first, each once. */
async function collectDocuments(root: ParsedText, load: (url: string) => Promise<CachedDocument>) {
  const byUrl = new Map<string, CachedDocument>([[root.uri, { parsed: root }]]);
  const diagnostics: Diagnostic[] = [];
  let frontier: ParsedText[] = [root];
  while (frontier.length > 0) {
    const wanted = new Set<string>();
    for (const parsed of frontier) {
      forEachRef(parsed.data, (ref) => {
        let target: string;
        try {
          target = resolveUrl(ref, parsed.uri);
        } catch {
          return; // reported in phase 2, where the position is known
        }
        // DECISIONS D25: never read; reported in phase 2 as reference-not-allowed.
        if (referenceRefusal(target, parsed.uri) !== undefined) return;
        const { documentUrl } = splitFragment(target);
        if (!byUrl.has(documentUrl)) wanted.add(documentUrl);
      });
    }
    const next: ParsedText[] = [];
    await Promise.all(
      [...wanted].map(async (url) => {
        if (byUrl.size >= MAX_DOCUMENTS) {
          byUrl.set(url, { error: new LoomError('LOOM_ERR_READ', `${displayUrl(url)} not read: more than ${MAX_DOCUMENTS} files are referenced`) });
          return;
        }
        byUrl.set(url, { error: new LoomError('LOOM_ERR_READ', `${displayUrl(url)} is still being read`) });
        const loaded = await load(url);
        byUrl.set(url, loaded);
        if (!loaded.parsed) return;
        diagnostics.push(...loaded.parsed.diagnostics);
        // After a redirect the text knows its final URL; refs inside it resolve against that.
        if (!byUrl.has(loaded.parsed.uri)) byUrl.set(loaded.parsed.uri, loaded);
        next.push(loaded.parsed);
      }),
    );
    frontier = next;
  }
  return { byUrl, diagnostics };
}

interface Frame {
  readonly parsed: ParsedText;
  /** Where the walk is inside `parsed.data`; pushed and popped as it descends. */
  readonly path: PathSegment[];
  /** The ref target this frame builds (absent for the root document). */
  readonly key?: string;
}

/** Phase 2: rebuild the document with every `$ref` replaced. Pure, synchronous. */
class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  readonly #frames: Frame[] = [];
  readonly #resolved = new Map<string, unknown>();
  readonly #reported = new Set<string>();

  constructor(
    private readonly documents: ReadonlyMap<string, CachedDocument>,
    private readonly cycleGroups: ReadonlyMap<string, number>,
    private readonly siblingsOverride: boolean,
    private readonly rootUrl: string,
  ) {}

  resolve(root: ParsedText): unknown {
    return this.#enter({ parsed: root, path: [] }, root.data);
  }

  #enter(frame: Frame, node: unknown): unknown {
    this.#frames.push(frame);
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
    if (typeof node['$ref'] === 'string') return this.#follow(node as Record<string, unknown> & { $ref: string }, frame);
    return this.#walkFields(node, frame);
  }

  #walkFields(node: Record<string, unknown>, frame: Frame, skip?: string): Record<string, unknown> {
    // DECISIONS D30: a member named `__proto__` (a schema property, say) is copied as data.
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === skip) continue;
      if (LITERAL_KEYS.has(key)) {
        writeOwn(result, key, value);
        continue;
      }
      frame.path.push(key);
      try {
        writeOwn(result, key, this.#walk(value));
      } finally {
        frame.path.pop();
      }
    }
    return result;
  }

  #follow(node: Record<string, unknown> & { $ref: string }, frame: Frame): unknown {
    const target = locateRef(node.$ref, frame.parsed.uri, this.documents);
    if ('reason' in target) return this.#unresolved(frame, node, target);
    const siblings = this.siblingsOverride && Object.keys(node).length > 1 ? this.#walkFields(node, frame, '$ref') : undefined;
    let resolved: unknown;
    if (this.#leaveInPlace(target.key, target.parsed.uri, target.path)) {
      const pointer = '#' + toPointer(target.path);
      resolved = { $ref: target.parsed.uri === this.rootUrl ? pointer : target.parsed.uri + pointer };
    } else if (this.#resolved.has(target.key)) {
      resolved = this.#resolved.get(target.key);
    } else {
      resolved = this.#enter({ parsed: target.parsed, path: [...target.path], key: target.key }, target.value);
      this.#resolved.set(target.key, resolved);
    }
    return siblings && isObject(resolved) ? { ...resolved, ...siblings } : resolved;
  }

  /**
   * A ref stays `{ $ref }` inside a target of its own cycle group, and (as a safety net) whenever
   * its target contains a node being built, which would otherwise recurse without end.
   */
  #leaveInPlace(key: string, url: string, path: readonly PathSegment[]): boolean {
    const group = this.cycleGroups.get(key);
    if (group !== undefined) {
      const enclosing = this.#frames.findLast((frame) => frame.key !== undefined);
      if (enclosing && this.cycleGroups.get(enclosing.key!) === group) return true;
    }
    return this.#frames.some((frame) => frame.parsed.uri === url && isPrefix(path, frame.path));
  }

  #unresolved(frame: Frame, node: Record<string, unknown> & { $ref: string }, problem: RefProblem): unknown {
    const at = [...frame.path, '$ref'];
    const key = frame.parsed.uri + '#' + toPointer(at);
    if (!this.#reported.has(key)) {
      this.#reported.add(key);
      this.diagnostics.push(
        problem.refused
          ? diagnosticAt(frame.parsed, at, { code: 'reference-not-allowed', severity: 'error', message: `$ref '${node.$ref}' is not followed: ${problem.reason}` })
          : diagnosticAt(frame.parsed, at, { code: 'openapi-ref-unresolved', severity: 'error', message: `$ref '${node.$ref}' does not resolve: ${problem.reason}` }),
      );
    }
    return node;
  }
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, index) => String(segment) === String(path[index]));
}
