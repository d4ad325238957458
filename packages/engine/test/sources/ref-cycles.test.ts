import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../src/errors.js';
import { parseText } from '../../src/document/parse-text.js';
import { resolveRefs } from '../../src/sources/ref-resolver.js';

const noFiles = async (url: string) => ({ error: new LoomError('LOOM_ERR_READ', `cannot read ${url}: no such file`) });

/** Schemas S0..Sn whose properties reference each other as the generated graph says. */
function documentFor(edges: readonly (readonly number[])[]): string {
  const schemas: Record<string, unknown> = {};
  edges.forEach((targets, index) => {
    schemas[`S${index}`] = {
      type: 'object',
      properties: Object.fromEntries(targets.map((target, position) => [`p${position}`, { $ref: `#/components/schemas/S${target}` }])),
    };
  });
  return JSON.stringify({ openapi: '3.1.0', components: { schemas } });
}

/** Whether schema `start` can reach itself through the graph. */
function onCycle(start: number, edges: readonly (readonly number[])[]): boolean {
  const seen = new Set<number>();
  const stack = [...(edges[start] ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === start) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(edges[next] ?? []));
  }
  return false;
}

/**
 * Walks the output alongside the graph: property pN of schema i is schema edges[i][N], either
 * resolved in place or, only where that schema lies on a cycle, left as its `$ref`.
 */
function matchesGraph(node: unknown, index: number, edges: readonly (readonly number[])[], checked = new Map<unknown, Set<number>>()): boolean {
  if (checked.get(node)?.has(index)) return true;
  checked.set(node, (checked.get(node) ?? new Set()).add(index));
  const properties = (node as { properties?: Record<string, unknown> }).properties ?? {};
  const targets = edges[index] ?? [];
  if (Object.keys(properties).length !== targets.length) return false;
  return targets.every((target, position) => {
    const value = properties[`p${position}`] as Record<string, unknown> | undefined;
    if (value === undefined) return false;
    if ('$ref' in value) return value['$ref'] === `#/components/schemas/S${target}` && onCycle(target, edges);
    return value['type'] === 'object' && matchesGraph(value, target, edges, checked);
  });
}

describe('$ref resolution is cycle-safe', () => {
  it('any reference graph resolves to a finite tree whose remaining $refs point only at schemas on a cycle', async () => {
    const graph = fc.integer({ min: 1, max: 7 }).chain((size) => fc.array(fc.array(fc.integer({ min: 0, max: size - 1 }), { maxLength: 3 }), { minLength: size, maxLength: size }));
    await fc.assert(
      fc.asyncProperty(graph, async (edges) => {
        const parsed = parseText(documentFor(edges), 'file:///graph.json');
        const { document, diagnostics } = await resolveRefs(parsed, { siblingsOverride: true, load: noFiles });
        expect(diagnostics).toEqual([]);
        expect(() => JSON.stringify(document)).not.toThrow();
        const schemas = (document as { components: { schemas: Record<string, unknown> } }).components.schemas;
        edges.forEach((_, index) => expect(matchesGraph(schemas[`S${index}`], index, edges)).toBe(true));
      }),
      { numRuns: 150 },
    );
  });

  it('a large strongly connected schema graph resolves to small trees (cycles are not unrolled)', async () => {
    const size = 300;
    const edges = Array.from({ length: size }, (_, index) => [(index * 7 + 1) % size, (index * 13 + 5) % size, (index + 1) % size]);
    const { document } = await resolveRefs(parseText(documentFor(edges), 'file:///strong.json'), { siblingsOverride: false, load: noFiles });
    const schemas = (document as { components: { schemas: Record<string, unknown> } }).components.schemas;
    // Walked as a tree (as JSON.stringify or a validator would), each schema stays small.
    for (const schema of Object.values(schemas)) expect(JSON.stringify(schema).length).toBeLessThan(2000);
    edges.forEach((_, index) => expect(matchesGraph(schemas[`S${index}`], index, edges)).toBe(true));
  });

  it('a wide diamond of shared references stays fast (targets are resolved once)', async () => {
    // S0 -> S1 twice -> S2 twice ... : 2^40 paths if shared targets were not reused.
    const edges = Array.from({ length: 40 }, (_, index) => (index < 39 ? [index + 1, index + 1] : []));
    const { document } = await resolveRefs(parseText(documentFor(edges), 'file:///diamond.json'), { siblingsOverride: false, load: noFiles });
    // Counted, not timed: each target is one object shared by the references to it, so the
    // resolved document holds a few objects per schema, not 2^40.
    expect(distinctObjects(document, 10_000)).toBeLessThan(10 * edges.length);
  });
});

/** How many distinct objects and arrays `value` reaches (each counted once by identity); stops past `limit`. */
function distinctObjects(value: unknown, limit: number): number {
  const seen = new Set<object>();
  const stack = [value];
  while (stack.length > 0 && seen.size <= limit) {
    const next = stack.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    stack.push(...Object.values(next));
  }
  return seen.size;
}
