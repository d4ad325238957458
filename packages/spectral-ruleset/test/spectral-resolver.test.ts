import { describe, expect, it } from 'vitest';
import { createDocumentResolver, hasReference } from '../src/spectral-resolver.js';

describe("Spectral's $ref resolver", () => {
  it('D55: hasReference finds a $ref key at any depth, in objects and in arrays, and nothing else', () => {
    expect(hasReference({ a: [{ b: { $ref: '#/c' } }] })).toBe(true);
    expect(hasReference([[{ $ref: 'other.yaml' }]])).toBe(true);
    expect(hasReference({ a: [{ b: '$ref' }], c: { ref: 1 }, d: null })).toBe(false);
    expect(hasReference('$ref')).toBe(false);
  });

  it('D55: a document with no $ref is the result as it is; one with a $ref is still resolved', async () => {
    const resolver = createDocumentResolver({});
    const plain = { workflows: [{ workflowId: 'w', steps: [{ stepId: 's' }] }] };
    const unchanged = (await resolver.resolve(plain)) as { result: unknown; errors: unknown[] };
    expect(unchanged.result).toBe(plain);
    expect(unchanged.errors).toEqual([]);

    const withReference = { components: { s: { stepId: 's' } }, workflows: [{ workflowId: 'w', steps: [{ $ref: '#/components/s' }] }] };
    const resolved = (await resolver.resolve(withReference)) as { result: { workflows: [{ steps: unknown[] }] }; errors: unknown[] };
    expect(resolved.errors).toEqual([]);
    expect(resolved.result.workflows[0].steps[0]).toEqual({ stepId: 's' });
  });
});
