import { isAlias, isMap, isPair, isScalar, isSeq, YAMLParseError, type Document } from 'yaml';

/**
 * Finds keys written twice in one mapping. yaml's own check (`uniqueKeys`) compares each new key
 * with every earlier one, which is quadratic: a mapping with 20,000 keys took 13 s to parse.
 * This keeps a set per mapping instead, and walks the tree without recursion. Keys are equal
 * as yaml compares them: the same scalar value (so `1` and `'1'` differ).
 */
export function findDuplicateKeys(document: Document.Parsed): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) {
            const start = pair.key.range?.[0] ?? 0;
            errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(pair.key.value);
        } else if (pair.key !== null && !isAlias(pair.key)) {
          pending.push(pair.key);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return errors.sort((a, b) => a.pos[0] - b.pos[0]);
}
