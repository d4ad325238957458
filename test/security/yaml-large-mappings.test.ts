import { describe, expect, it } from 'vitest';
import { parseText } from '../../packages/engine/src/index.js';

/**
 * yaml's duplicate-key check compares each key with every earlier one in its mapping: a
 * mapping of 20,000 keys took 13 s to parse (a 2 MB one, minutes). Loom checks keys with a
 * set per mapping instead; duplicates are still errors, at the repeated key.
 */
describe('large YAML mappings', () => {
  it('parse time grows linearly with the number of keys (40,000 vs 4,000)', { timeout: 120_000 }, () => {
    const mapping = (keys: number) => {
      let text = 'schemas:\n';
      for (let index = 0; index < keys; index++) text += `  S${index}: { type: object }\n`;
      return text;
    };
    const timed = (text: string) => {
      const started = performance.now();
      const parsed = parseText(text, 'file:///large.yaml');
      expect(parsed.diagnostics).toEqual([]);
      return { elapsed: performance.now() - started, parsed };
    };
    const small = mapping(4000);
    const large = mapping(40_000);
    timed(small); // warm up the JIT
    const smallTime = timed(small).elapsed;
    const { elapsed: largeTime, parsed } = timed(large);
    expect(Object.keys((parsed.data as { schemas: object }).schemas)).toHaveLength(40_000);
    // Ten times the keys: linear is ~10x, yaml's own check ~100x. A wall-clock ratio has to stay
    // (the check is inside yaml's composer, where no counter reaches); generous for a loaded machine.
    expect(largeTime / smallTime).toBeLessThan(35);
  });

  it('a key written twice is still an error at the second one, in block and flow mappings', () => {
    const parsed = parseText('a: 1\nb:\n  c: 1\n  c: 2\nd: { e: 1, e: 2 }\nf: { 1: x, "1": y }\n', 'file:///dup.yaml');
    expect(parsed.data).toBeUndefined();
    expect(parsed.diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.range?.start.line, diagnostic.range?.start.column])).toEqual([
      ['Map keys must be unique', 4, 3],
      ['Map keys must be unique', 5, 12],
    ]);
  });
});
