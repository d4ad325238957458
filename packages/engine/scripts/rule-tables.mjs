// The README tables of rules, generated from the engine's rule registry (src/rules/): the engine
// README's "Rules" table (validation rules) and the spectral-ruleset README's table of lint-only rules.
// Each table sits between `<!-- rules-table:<name> -->` and `<!-- /rules-table:<name> -->`.
// Run: `pnpm rules:update` (builds the engine, then runs this file). A test (test/rule-tables.test.ts)
// fails when a README's table differs from what the registry generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ENGINE_README = new URL('../README.md', import.meta.url);
export const SPECTRAL_README = new URL('../../spectral-ruleset/README.md', import.meta.url);

/** Spectral's names of the severities (`loom lint` and `.spectral.yaml` use them). */
const SPECTRAL_SEVERITY = { error: 'error', warning: 'warn', info: 'info', hint: 'hint' };

const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The engine README's table: every validation rule (each rule of `rules` that is not in `lintRules`). */
export function validationRulesTable(rules, lintRules) {
  const rows = Object.entries(rules)
    .filter(([id]) => !Object.hasOwn(lintRules, id))
    .map(([id, rule]) => `| \`${id}\` | ${rule.severities.join(' / ')} | ${cell(rule.description)} |`);
  return ['| Rule id | Severity | What it reports |', '|---|---|---|', ...rows].join('\n');
}

/** The spectral-ruleset README's table: each lint-only rule as the Spectral rule `loom-<id>`. */
export function lintRulesTable(rules, lintRules) {
  const rows = Object.keys(lintRules).map((id) => {
    const rule = rules[id];
    return `| \`loom-${id}\` | ${rule.severities.map((severity) => SPECTRAL_SEVERITY[severity]).join(' / ')} | ${cell(rule.description)} |`;
  });
  return ['| Rule | Severity | What it checks |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `text` with the generated table `name` replaced by `table`; throws when the markers are missing. */
export function withTable(text, name, table) {
  const open = `<!-- rules-table:${name} (generated from packages/engine/src/rules by \`pnpm rules:update\`; edit the rules there) -->`;
  const close = `<!-- /rules-table:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start === -1 || end < start) throw new Error(`the markers of the table '${name}' are missing: ${open} ... ${close}`);
  return `${text.slice(0, start + open.length)}\n${table}\n${text.slice(end)}`;
}

/** Both READMEs as the registry generates them: `[file URL, text]` pairs. */
export function generatedReadmes(rules, lintRules) {
  return [
    [ENGINE_README, withTable(readFileSync(ENGINE_README, 'utf8'), 'validation', validationRulesTable(rules, lintRules))],
    [SPECTRAL_README, withTable(readFileSync(SPECTRAL_README, 'utf8'), 'lint', lintRulesTable(rules, lintRules))],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The built engine (`tsc -b packages/engine` first): this script runs without a TypeScript loader.
  const { RULES, LINT_RULES } = await import('../dist/internal.js');
  for (const [file, text] of generatedReadmes(RULES, LINT_RULES)) {
    if (readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
    console.log(`updated ${fileURLToPath(file)}`);
  }
}
