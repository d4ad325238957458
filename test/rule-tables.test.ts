import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINT_RULES } from '../packages/engine/src/lint/index.js';
import { RULES } from '../packages/engine/src/rules/index.js';
import { generatedReadmes, lintRulesTable, validationRulesTable, withTable } from '../packages/engine/scripts/rule-tables.mjs';

/**
 * The READMEs' tables of rules are generated from the engine's rule registry (packages/engine/src/rules/);
 * CI fails here when a table was edited by hand or the registry changed without `pnpm rules:update`.
 */
describe('README tables of rules', () => {
  it('the engine README and the spectral-ruleset README hold the tables the registry generates (run pnpm rules:update)', () => {
    for (const [file, expected] of generatedReadmes(RULES, LINT_RULES)) expect(readFileSync(file, 'utf8'), file.pathname).toBe(expected);
  });

  it('the engine table lists every validation rule and no lint-only rule; the spectral table every lint-only rule as loom-<id>', () => {
    const validation = validationRulesTable(RULES, LINT_RULES);
    const lint = lintRulesTable(RULES, LINT_RULES);
    for (const id of Object.keys(RULES)) {
      const isLint = Object.hasOwn(LINT_RULES, id);
      expect(validation.includes(`| \`${id}\` |`), id).toBe(!isLint);
      expect(lint.includes(`| \`loom-${id}\` |`), id).toBe(isLint);
    }
    expect(validation).toContain('| `parameter-in` | warning / error | Warning: a parameter without `in`');
    expect(lint).toContain('| `loom-literal-dollar-string` | info |');
  });

  it('a table edited by hand differs from the generated one; a README without the markers is an error', () => {
    const table = validationRulesTable(RULES, LINT_RULES);
    const [[, readme]] = generatedReadmes(RULES, LINT_RULES) as [[URL, string]];
    expect(withTable(readme.replace('| `document-root` | error |', '| `document-root` | warning |'), 'validation', table)).toBe(readme);
    expect(() => withTable('# no table here', 'validation', table)).toThrow(/markers of the table 'validation' are missing/);
  });
});
