import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/index.js';

/**
 * One broken document per rule (fixtures/broken/<rule-id>.arazzo.yaml). Each file
 * states what Loom must report in `# expect: <rule-id> <severity> line <n>` comments;
 * the test checks that exactly those diagnostics come out: each problem once, at its line.
 */
const folder = new URL('../fixtures/broken/', import.meta.url);
const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.arazzo.yaml'))
  .map((name) => {
    const text = readFileSync(new URL(name, folder), 'utf8');
    const expected = [...text.matchAll(/^# expect: ([a-z-]+) (error|warning) line (\d+)$/gm)].map((match) => `${match[1]} ${match[2]} line ${match[3]}`);
    return { name, rule: name.replace('.arazzo.yaml', ''), expected };
  });

describe('broken documents: one per rule, rule id and line', () => {
  it('covers every semantic rule', () => {
    const rules = new Set(cases.map((entry) => entry.rule));
    for (const rule of ['syntax', 'document-root', 'arazzo-version', 'arazzo-schema', 'workflow-id-unique', 'step-id-unique', 'step-target', 'goto-target', 'retry-target', 'depends-on-target', 'depends-on-cycle', 'component-reference', 'output-name', 'parameter-unique', 'criterion-type-context', 'source-name-unique', 'action-name-unique', 'source-unreadable', 'step-workflow-target', 'parameter-in', 'workflow-step-cycle']) {
      expect(rules, rule).toContain(rule);
    }
  });

  it.each(cases)('$rule', async ({ name, rule, expected }) => {
    expect(expected.length, 'the fixture states its expectations').toBeGreaterThan(0);
    expect(expected.some((line) => line.startsWith(`${rule} `))).toBe(true);
    const loaded = await loadDocument(fileURLToPath(new URL(name, folder)));
    const actual = loaded.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} line ${diagnostic.range?.start.line ?? '?'}`);
    expect(actual.sort()).toEqual([...expected].sort());
    for (const diagnostic of loaded.diagnostics) {
      expect(diagnostic.message).not.toMatch(/must NOT have|#\/\$defs|instancePath/);
      expect(diagnostic.source).toMatch(/^file:/);
    }
    // A document with only warnings (workflow-step-cycle) still has a model.
    if (expected.some((line) => line.includes(' error '))) expect(loaded.model).toBeUndefined();
    else expect(loaded.model).toBeDefined();
  });
});
