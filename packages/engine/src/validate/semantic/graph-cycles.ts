/** An edge of a graph of named nodes (workflows): the node it leads to, and whatever the caller reports with. */
export interface GraphEdge {
  readonly target: string;
}

/**
 * Depth-first search over `edges` (node -> its edges, in document order) that calls `onBackEdge`
 * for every edge closing a cycle, with the cycle's nodes from the edge's target back to it.
 * Iterative, so a document with thousands of chained workflows cannot overflow the stack; edges to
 * nodes absent from the map are ignored (another rule reports them).
 */
export function forEachCycle<E extends GraphEdge>(edges: ReadonlyMap<string, readonly E[]>, onBackEdge: (edge: E, cycle: readonly string[]) => void): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const next: number[] = [];
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    state.set(start, 'visiting');
    path.push(start);
    next.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top]!;
      const edge = edges.get(id)?.[next[top]!];
      if (edge === undefined) {
        state.set(id, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[top]!++;
      const targetState = state.get(edge.target);
      if (targetState === 'visiting') {
        onBackEdge(edge, [...path.slice(path.indexOf(edge.target)), edge.target]);
      } else if (targetState === undefined && edges.has(edge.target)) {
        state.set(edge.target, 'visiting');
        path.push(edge.target);
        next.push(0);
      }
    }
  }
}
