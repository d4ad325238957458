/**
 * DECISIONS D42: finds the first unresolved `{ $ref }` (left by the ref resolver) inside an operation, so
 * the step that calls it gets an error while the rest of the document stays usable. The resolved tree is
 * acyclic but shares subtrees, so the answer is memoised per object: all operations together cost one
 * walk of the distinct nodes. Iterative: resolved trees can be 500 levels deep.
 */
export class UnresolvedRefFinder {
  /** object -> the message of the first unresolved ref inside it, or null for none. */
  readonly #found = new Map<object, string | null>();

  constructor(private readonly unresolved: ReadonlyMap<object, string>) {}

  /** The message of the first unresolved ref inside `value`, in document order; undefined when there is none. */
  find(value: unknown): string | undefined {
    if (this.unresolved.size === 0 || value === null || typeof value !== 'object') return undefined;
    const pending: { node: object; expanded: boolean }[] = [{ node: value, expanded: false }];
    while (pending.length > 0) {
      const entry = pending[pending.length - 1]!;
      if (this.#found.has(entry.node)) {
        pending.pop();
        continue;
      }
      const own = this.unresolved.get(entry.node);
      if (own !== undefined) {
        this.#found.set(entry.node, own);
        pending.pop();
        continue;
      }
      const children = (Array.isArray(entry.node) ? entry.node : Object.values(entry.node)).filter((child): child is object => child !== null && typeof child === 'object');
      if (!entry.expanded) {
        entry.expanded = true;
        for (let index = children.length - 1; index >= 0; index--) if (!this.#found.has(children[index]!)) pending.push({ node: children[index]!, expanded: false });
        continue;
      }
      pending.pop();
      let first: string | null = null;
      for (const child of children) {
        first = this.#found.get(child) ?? null;
        if (first !== null) break;
      }
      this.#found.set(entry.node, first);
    }
    return this.#found.get(value) ?? undefined;
  }
}
