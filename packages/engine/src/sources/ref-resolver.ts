import { isRecord, type PathSegment, toPointer, writeOwn } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { LoomError } from '../errors.js';
import { MAX_NESTING_DEPTH } from '../document/nesting-depth.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { findRefCycles } from './ref-cycles.js';
import { baseUrlOf } from './base-uri.js';
import { forEachRef, holdsReferences, isNameMap, LITERAL_KEYS, locateRef, type RefProblem, type RefTarget } from './ref-target.js';
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
 *
 * Depth (DECISIONS D39): the resolved tree stays within MAX_NESTING_DEPTH levels, counting
 * each `$ref` followed as a level, so a chain of refs is bounded like nesting is and every
 * recursive walk over the result is safe. A ref that would cross the bound stays as written
 * and the first one is reported where it is written.
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
  /**
   * The `{ $ref }` objects left in `document` because their target is missing or unreadable
   * (`openapi-ref-unresolved` warnings, DECISIONS D42), with the message of each: an operation
   * that holds one cannot be called.
   */
  readonly unresolved: ReadonlyMap<object, string>;
}

export async function resolveRefs(root: ParsedText, options: ResolveRefsOptions): Promise<ResolvedRefs> {
  const { byUrl, diagnostics } = await collectDocuments(root, options.load);
  const resolver = new Resolver(byUrl, findRefCycles(root, byUrl), options.siblingsOverride, root.uri);
  const document = resolver.resolve(root);
  return { document, diagnostics: [...diagnostics, ...resolver.diagnostics], unresolved: resolver.unresolved };
}

/** Phase 1: read every document reachable through `$ref`s, breadth first, each once. */
async function collectDocuments(root: ParsedText, load: (url: string) => Promise<CachedDocument>) {
  const byUrl = new Map<string, CachedDocument>([[root.uri, { parsed: root }]]);
  // OpenAPI 3.2 `$self`: a reference to the document's own URI is to the document, not a read.
  const aliasSelf = (parsed: ParsedText) => {
    const self = splitFragment(baseUrlOf(parsed)).documentUrl;
    if (!byUrl.has(self)) byUrl.set(self, { parsed });
  };
  aliasSelf(root);
  const diagnostics: Diagnostic[] = [];
  let frontier: ParsedText[] = [root];
  while (frontier.length > 0) {
    const wanted = new Set<string>();
    for (const parsed of frontier) {
      forEachRef(parsed.data, (ref) => {
        let target: string;
        try {
          target = resolveUrl(ref, baseUrlOf(parsed));
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
        aliasSelf(loaded.parsed);
        next.push(loaded.parsed);
      }),
    );
    frontier = next;
  }
  return { byUrl, diagnostics };
}

/** A document being walked from one entry point: the root, or a ref target being built. */
interface Frame {
  readonly parsed: ParsedText;
  /** Where the walk is inside `parsed.data`; pushed and popped as it descends. */
  readonly path: PathSegment[];
  /** The ref target this frame builds (absent for the root document). */
  readonly key?: string;
  /** `<url>#<pointer>` of every node above the entry point, counted in Resolver#containing while the frame is open. */
  readonly above: readonly string[];
}

/** A resolved target: where its value is built (shared by every ref to it), and its height once complete. */
interface Built {
  readonly slot: Slot;
  height?: number;
}

/** The height of one output node, collected from its children as they complete. */
interface Measure {
  tallestChild: number;
  /** Absent for the measure above the root. */
  readonly parent?: Measure;
  /** Set for a ref target: its height is recorded there when complete. */
  readonly built?: Built;
}

/** Where a value goes: a slot of an output object or array. */
interface Slot {
  readonly container: Record<string, unknown> | unknown[];
  readonly key: string | number;
}

/** The resolver's explicit stack (no recursion: a deep chain of refs must not overflow the call stack). */
type Task =
  | { readonly kind: 'node'; readonly node: unknown; readonly frame: Frame; readonly segment?: PathSegment; readonly level: number; readonly slot: Slot; readonly measure: Measure; readonly built?: Built }
  | { readonly kind: 'leave'; readonly node: object; readonly frame: Frame; readonly popSegment: boolean; readonly measure: Measure }
  | { readonly kind: 'close-frame'; readonly frame: Frame }
  | { readonly kind: 'merge'; readonly resolved: Slot; readonly siblings: Record<string, unknown>; readonly slot: Slot };

/**
 * Phase 2: rebuild the document with every `$ref` replaced. Pure, synchronous, iterative and
 * linear in the size of the output: each node is visited once per place it is built, and every
 * check on the way is a map lookup.
 */
class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  readonly unresolved = new Map<object, string>();
  readonly #tasks: Task[] = [];
  readonly #resolved = new Map<string, Built>();
  readonly #reported = new Set<string>();
  /** Input objects and arrays being walked, by identity: a target among them contains a node being built. */
  readonly #walking = new Map<object, number>();
  /** Keys of the nodes above each open frame's entry point (they contain it too). */
  readonly #containing = new Map<string, number>();
  /** The heights of input subtrees, refs not followed: what a target adds at least. */
  readonly #inputHeights = new WeakMap<object, number>();
  #depthReported = false;

  constructor(
    private readonly documents: ReadonlyMap<string, CachedDocument>,
    private readonly cycleGroups: ReadonlyMap<string, number>,
    private readonly siblingsOverride: boolean,
    private readonly rootUrl: string,
  ) {}

  resolve(root: ParsedText): unknown {
    const holder: unknown[] = [undefined];
    const top: Measure = { tallestChild: 0 };
    const frame = this.#openFrame(root, [], undefined);
    this.#tasks.push({ kind: 'close-frame', frame });
    this.#tasks.push({ kind: 'node', node: root.data, frame, level: 1, slot: { container: holder, key: 0 }, measure: top });
    while (this.#tasks.length > 0) {
      const task = this.#tasks.pop()!;
      if (task.kind === 'node') this.#visit(task);
      else if (task.kind === 'leave') this.#leave(task);
      else if (task.kind === 'close-frame') this.#closeFrame(task.frame);
      else set(task.slot, this.#merge(task.resolved, task.siblings));
    }
    return holder[0];
  }

  #visit(task: Extract<Task, { kind: 'node' }>): void {
    const { node, frame, slot } = task;
    if (node === null || typeof node !== 'object') {
      set(slot, node);
      if (task.built) task.built.height = 0;
      return;
    }
    if (task.segment !== undefined) frame.path.push(task.segment);
    this.#walking.set(node, (this.#walking.get(node) ?? 0) + 1);
    const measure: Measure = { tallestChild: 0, parent: task.measure, ...(task.built ? { built: task.built } : {}) };
    this.#tasks.push({ kind: 'leave', node, frame, popSegment: task.segment !== undefined, measure });
    const child = (value: unknown, segment: PathSegment, container: Slot['container'], key: string | number = segment) =>
      ({ kind: 'node', node: value, frame, segment, level: task.level + 1, slot: { container, key }, measure }) as const;
    if (Array.isArray(node)) {
      const result: unknown[] = new Array(node.length);
      set(slot, result);
      this.#push(node.map((item, index) => child(item, index, result)));
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record['$ref'] === 'string') {
      this.#follow(record as Record<string, unknown> & { $ref: string }, task, measure, child);
      return;
    }
    const fields = this.#fields(record, frame.path, undefined, child);
    set(slot, fields.result);
    this.#push(fields.tasks);
  }

  /** Pushes tasks so that they run in the order given. */
  #push(tasks: readonly Task[]): void {
    for (let index = tasks.length - 1; index >= 0; index--) this.#tasks.push(tasks[index]!);
  }

  /** A copy of `node` and the tasks that fill its fields; literal values are copied as they are. */
  #fields(node: Record<string, unknown>, path: readonly PathSegment[], skip: string | undefined, child: (value: unknown, segment: PathSegment, container: Slot['container']) => Task) {
    const result: Record<string, unknown> = {};
    const tasks: Task[] = [];
    const nameMap = isNameMap(path);
    for (const [key, value] of Object.entries(node)) {
      if (key === skip) continue;
      const walked = holdsReferences(key, nameMap);
      // Assigned now, in the source's order; walked values overwrite their placeholder.
      // DECISIONS D30: a member named `__proto__` (a schema property, say) is copied as data.
      writeOwn(result, key, walked ? undefined : value);
      if (walked) tasks.push(child(value, key, result));
    }
    return { result, tasks };
  }

  #follow(node: Record<string, unknown> & { $ref: string }, task: Extract<Task, { kind: 'node' }>, measure: Measure, child: (value: unknown, segment: PathSegment, container: Slot['container']) => Task): void {
    const { frame, slot } = task;
    const target = locateRef(node.$ref, frame.parsed, this.documents);
    if ('reason' in target) {
      set(slot, this.#unresolved(frame, node, target));
      return;
    }
    const hasSiblings = this.siblingsOverride && Object.keys(node).length > 1;
    // With siblings, the target and the siblings are built apart and merged once both are complete.
    const resolvedSlot: Slot = hasSiblings ? { container: [undefined], key: 0 } : slot;
    if (hasSiblings) {
      const siblings = this.#fields(node, frame.path, '$ref', child);
      // The merge runs after the siblings and the target (pushed above it) are complete.
      this.#tasks.push({ kind: 'merge', resolved: resolvedSlot, siblings: siblings.result, slot });
      this.#push(siblings.tasks);
    }

    const built = this.#resolved.get(target.key);
    if (this.#leaveInPlace(target, frame)) {
      const pointer = '#' + toPointer(target.path);
      set(resolvedSlot, { $ref: target.parsed.uri === this.rootUrl ? pointer : target.parsed.uri + pointer });
      measure.tallestChild = Math.max(measure.tallestChild, 1);
    } else if (built?.height !== undefined) {
      // DECISIONS D39: a shared target is reused only where it still fits under the limit.
      if (task.level + built.height > MAX_NESTING_DEPTH) {
        set(resolvedSlot, this.#tooDeep(frame, node));
      } else {
        set(resolvedSlot, get(built.slot));
        measure.tallestChild = Math.max(measure.tallestChild, built.height);
      }
    } else if (task.level + this.#inputHeight(target.value) > MAX_NESTING_DEPTH) {
      set(resolvedSlot, this.#tooDeep(frame, node));
    } else {
      // On top of the stack: the target is built next (its frame open only while it is), then the siblings.
      const fresh: Built = { slot: resolvedSlot };
      this.#resolved.set(target.key, fresh);
      const entered = this.#openFrame(target.parsed, target.path, target.key);
      this.#tasks.push({ kind: 'close-frame', frame: entered });
      // Each $ref followed counts as a level (D39), so a chain of refs is bounded like nesting is.
      this.#tasks.push({ kind: 'node', node: target.value, frame: entered, level: task.level + 1, slot: resolvedSlot, measure, built: fresh });
    }
  }

  #merge(resolved: Slot, siblings: Record<string, unknown>): unknown {
    const value = get(resolved);
    // An unresolved ref stays as written, its siblings with it (and stays known as unresolved).
    if (value !== null && typeof value === 'object' && this.unresolved.has(value)) return value;
    return Object.keys(siblings).length > 0 && isRecord(value) ? { ...value, ...siblings } : value;
  }

  #leave(task: Extract<Task, { kind: 'leave' }>): void {
    const count = this.#walking.get(task.node)! - 1;
    if (count === 0) this.#walking.delete(task.node);
    else this.#walking.set(task.node, count);
    if (task.popSegment) task.frame.path.pop();
    const height = task.measure.tallestChild + 1;
    const parent = task.measure.parent!;
    parent.tallestChild = Math.max(parent.tallestChild, height);
    if (task.measure.built) task.measure.built.height = height;
  }

  #openFrame(parsed: ParsedText, path: readonly PathSegment[], key: string | undefined): Frame {
    const above: string[] = [];
    for (let length = 0; length < path.length; length++) above.push(parsed.uri + '#' + toPointer(path.slice(0, length)));
    for (const entry of above) this.#containing.set(entry, (this.#containing.get(entry) ?? 0) + 1);
    return { parsed, path: [...path], above, ...(key !== undefined ? { key } : {}) };
  }

  #closeFrame(frame: Frame): void {
    for (const entry of frame.above) {
      const count = this.#containing.get(entry)! - 1;
      if (count === 0) this.#containing.delete(entry);
      else this.#containing.set(entry, count);
    }
  }

  /**
   * A ref stays `{ $ref }` inside a target of its own cycle group, and (as a safety net) whenever
   * its target contains a node being built, which would otherwise recurse without end.
   */
  #leaveInPlace(target: RefTarget, frame: Frame): boolean {
    const group = this.cycleGroups.get(target.key);
    // Every frame but the root's builds a target, so the enclosing target is the current frame's.
    if (group !== undefined && frame.key !== undefined && this.cycleGroups.get(frame.key) === group) return true;
    const value = target.value;
    return (value !== null && typeof value === 'object' && this.#walking.has(value)) || this.#containing.has(target.key);
  }

  /** The height of an input subtree (a `{ $ref }` counts 1), computed once per object, without recursion. */
  #inputHeight(root: unknown): number {
    if (root === null || typeof root !== 'object') return 0;
    const pending: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
    while (pending.length > 0) {
      const entry = pending[pending.length - 1]!;
      if (this.#inputHeights.has(entry.node)) {
        pending.pop();
        continue;
      }
      const children = childObjects(entry.node);
      if (!entry.expanded) {
        entry.expanded = true;
        for (const child of children) if (!this.#inputHeights.has(child)) pending.push({ node: child, expanded: false });
        continue;
      }
      pending.pop();
      let tallest = 0;
      for (const child of children) tallest = Math.max(tallest, this.#inputHeights.get(child) ?? 0);
      this.#inputHeights.set(entry.node, tallest + 1);
    }
    return this.#inputHeights.get(root)!;
  }

  /** DECISIONS D39: the first ref that would cross the limit is reported; every such ref stays as written. */
  #tooDeep(frame: Frame, node: Record<string, unknown> & { $ref: string }): unknown {
    if (this.#depthReported) return node;
    this.#depthReported = true;
    const reason = `following it would nest the resolved document more than ${MAX_NESTING_DEPTH} levels deep, counting each $ref followed as a level (DECISIONS D39); it is left unresolved, and so is any other ref past that depth`;
    return this.#unresolved(frame, node, { reason }, true);
  }

  #unresolved(frame: Frame, node: Record<string, unknown> & { $ref: string }, problem: RefProblem, pastBound = false): unknown {
    const at = [...frame.path, '$ref'];
    const message = `$ref '${node.$ref}' does not resolve: ${problem.reason}`;
    // DECISIONS D42: a missing target is a warning here; an operation holding it is an error where a step calls it.
    // A refused ref (D25) and the depth bound (D39) stay errors: they protect the reader, whatever the workflow.
    const warning = !problem.refused && !pastBound;
    const key = frame.parsed.uri + '#' + toPointer(at);
    if (!this.#reported.has(key)) {
      this.#reported.add(key);
      this.diagnostics.push(
        problem.refused
          ? diagnosticAt(frame.parsed, at, { code: 'reference-not-allowed', severity: 'error', message: `$ref '${node.$ref}' is not followed: ${problem.reason}` })
          : diagnosticAt(frame.parsed, at, { code: 'openapi-ref-unresolved', severity: warning ? 'warning' : 'error', message }),
      );
    }
    if (warning) this.unresolved.set(node, message);
    return node;
  }
}

function set(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.container)) slot.container[slot.key as number] = value;
  else writeOwn(slot.container as Record<string, unknown>, String(slot.key), value);
}

function get(slot: Slot): unknown {
  return (slot.container as Record<string | number, unknown>)[slot.key];
}

/** The objects and arrays directly inside `node`, outside literal values; a `{ $ref }` has none (it is not followed). */
function childObjects(node: object): object[] {
  const values = Array.isArray(node) ? node : typeof (node as Record<string, unknown>)['$ref'] === 'string' ? [] : Object.entries(node).filter(([key]) => !LITERAL_KEYS.has(key)).map(([, value]) => value);
  return values.filter((value): value is object => value !== null && typeof value === 'object');
}
