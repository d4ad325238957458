import type { PathSegment } from '@loom/expressions/internal';
import type { ParsedText } from '../document/parse-text.js';
import type { CachedDocument } from './source-cache.js';
import { forEachRef, locateRef, type RefTarget } from './ref-target.js';

/**
 * The `$ref` graph of a document and the files it reaches: nodes are ref targets,
 * an edge A -> B means A's value holds a `$ref` to B. Targets that lie on a cycle are
 * grouped by strongly connected component (Tarjan), so the resolver can inline a
 * recursive schema once and leave the references among its group as `{ $ref }`:
 * unrolling cycles instead would make trees whose size grows exponentially.
 *
 * @returns target key -> component id, only for targets on a cycle.
 */
export function findRefCycles(root: ParsedText, documents: ReadonlyMap<string, CachedDocument>): Map<string, number> {
  const edges = new Map<string, string[]>();
  const targetsIn = (node: unknown, from: ParsedText, at: readonly PathSegment[]): RefTarget[] => {
    const found: RefTarget[] = [];
    forEachRef(
      node,
      (ref) => {
        const target = locateRef(ref, from, documents);
        if ('key' in target) found.push(target);
      },
      at,
    );
    return found;
  };
  const pending = targetsIn(root.data, root, []);
  while (pending.length > 0) {
    const target = pending.pop()!;
    if (edges.has(target.key)) continue;
    const out = targetsIn(target.value, target.parsed, target.path);
    edges.set(target.key, out.map((next) => next.key));
    pending.push(...out);
  }
  return stronglyConnected(edges);
}

/** Iterative Tarjan: deep reference chains must not overflow the call stack. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups = new Map<string, number>();
  let counter = 0;
  let groupCount = 0;

  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    lowLink.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const successor = successors[frame.next++]!;
        if (!index.has(successor)) {
          index.set(successor, counter);
          lowLink.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(successor)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.node);
      const selfLoop = successors.includes(frame.node);
      if (members.length > 1 || selfLoop) {
        for (const key of members) groups.set(key, groupCount);
        groupCount++;
      }
    }
  }
  return groups;
}
