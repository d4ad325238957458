/**
 * How many nodes a value has when every shared subtree is counted each time it occurs, which
 * is what a tree walk (ajv compiling a schema, JSON.stringify) does. The ref resolver shares
 * one object per target, so thirty schemas that each reference the next one twice resolve to
 * thirty objects but expand to 2^30 nodes. Computed once per distinct object, without recursion.
 */
export function expandedSize(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  const sizes = new Map<object, number>();
  const pending: { node: object; expanded: boolean }[] = [{ node: value, expanded: false }];
  while (pending.length > 0) {
    const entry = pending[pending.length - 1]!;
    if (sizes.has(entry.node)) {
      pending.pop();
      continue;
    }
    const children = (Array.isArray(entry.node) ? entry.node : Object.values(entry.node)).filter((child): child is object => child !== null && typeof child === 'object');
    if (!entry.expanded) {
      entry.expanded = true;
      for (const child of children) if (!sizes.has(child)) pending.push({ node: child, expanded: false });
      continue;
    }
    pending.pop();
    let size = 1 + (Array.isArray(entry.node) ? entry.node.length : Object.keys(entry.node).length) - children.length;
    for (const child of children) size += sizes.get(child)!;
    sizes.set(entry.node, size);
  }
  return sizes.get(value)!;
}
