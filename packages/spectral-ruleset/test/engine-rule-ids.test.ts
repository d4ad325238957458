import { LINT_RULES } from '../../engine/src/lint/index.js';
import { RULES } from '../../engine/src/rules/index.js';
import { LOOM_RULES, SPECTRAL_RULE_PAIRS } from '@loom/spectral-ruleset';
import { describe, expect, it } from 'vitest';

/** The ruleset names engine rules by id; each must be a rule of the engine's registry (packages/engine/src/rules/). */
describe("the ruleset's engine rule ids", () => {
  it('every id SPECTRAL_RULE_PAIRS pairs with a Spectral rule is a registry rule; every prefix (`expression-`) matches one', () => {
    const ids = Object.keys(RULES);
    for (const [rule, matcher] of Object.entries(SPECTRAL_RULE_PAIRS)) {
      for (const id of matcher) {
        if (id.endsWith('-')) expect(ids.some((known) => known.startsWith(id)), `${rule}: ${id}`).toBe(true);
        else expect(ids, `${rule}: ${id}`).toContain(id);
      }
    }
  });

  it('each lint-only rule of the registry is the Spectral rule loom-<id>, at its severity', () => {
    const spectral = { error: 'error', warning: 'warn', info: 'info', hint: 'hint' } as const;
    for (const [id, severity] of Object.entries(LINT_RULES)) expect(LOOM_RULES[`loom-${id}`], id).toBe(spectral[severity]);
  });
});
