import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LINT_RULES } from '../../src/lint/index.js';
import { RULES } from '../../src/rules/index.js';
import { type RuleDeclaration } from '../../src/rules/rule.js';
import { emittedCodes } from './emitted-codes.js';

/**
 * The rule registry (src/rules/) is the one list of the engine's diagnostic codes: every code the
 * source reports is declared there, every declared rule is reported somewhere, and each rule's
 * fixture shows it at each of its severities (the fixtures' diagnostics are checked line by line
 * in rule-fixtures.test.ts).
 */
const folder = new URL('../fixtures/rules/', import.meta.url);
const sources = ['../../src/', '../../../expressions/src/'].map((path) => fileURLToPath(new URL(path, import.meta.url)));
const rules = Object.entries(RULES) as [string, RuleDeclaration][];

/** The `# expect: <rule-id> <severity> line <n>` lines of a fixture, as `<rule-id> <severity>`. */
function expectations(name: string): string[] {
  const text = readFileSync(new URL(name, folder), 'utf8');
  return [...text.matchAll(/^# expect: ([a-z-]+) ([a-z]+) line \d+$/gm)].map((match) => `${match[1]} ${match[2]}`);
}

/**
 * The fixtures that may show `rule` at `severity` (DECISIONS D65): its own, and for a further severity
 * `<rule-id>.<severity>.arazzo.yaml` beside it, where one document cannot show both.
 */
const fixturesFor = (rule: RuleDeclaration, severity: string): string[] =>
  severity === rule.severities[0] ? [rule.fixture] : [rule.fixture, rule.fixture.replace(/\.arazzo\.yaml$/, `.${severity}.arazzo.yaml`)];

describe('the rule registry', () => {
  it('every code the engine and @loom/expressions report is a rule of the registry, and every rule is reported somewhere', () => {
    const emitted = emittedCodes(sources);
    const unregistered = [...emitted].filter(([code]) => !Object.hasOwn(RULES, code)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(unregistered, 'declare each in packages/engine/src/rules/').toEqual([]);
    expect(Object.keys(RULES).filter((id) => !emitted.has(id)), 'rules no source reports').toEqual([]);
  });

  it('the source scan finds codes written each way the source writes them', () => {
    const emitted = emittedCodes(sources);
    // code: '...', report('...'), add('...'), a choice, a *_RULE constant, a *ProblemCode union member.
    for (const code of ['syntax', 'workflow-step-cycle', 'operation-path-url', 'goto-target', 'retry-target', 'arazzo-schema', 'criterion-invalid-xpath']) expect(emitted.has(code), code).toBe(true);
    // Transport and request-building codes are not diagnostics.
    for (const code of ['timeout', 'missing-path-parameter', 'goto', 'inputs']) expect(emitted.has(code), code).toBe(false);
  });

  it.each(rules)('D65: %s: its fixture shows it at each of its severities', (id, rule) => {
    expect(existsSync(new URL(rule.fixture, folder)), rule.fixture).toBe(true);
    expect(expectations(rule.fixture), rule.fixture).toContain(`${id} ${rule.severities[0]}`);
    for (const severity of rule.severities.slice(1)) {
      const shown = fixturesFor(rule, severity).filter((name) => existsSync(new URL(name, folder)) && expectations(name).includes(`${id} ${severity}`));
      expect(shown, `${id} ${severity}`).not.toEqual([]);
    }
  });

  it('every fixture in fixtures/rules belongs to a rule, and every rule a fixture states is declared with that severity', () => {
    const fixtures = new Set(rules.flatMap(([, rule]) => rule.severities.flatMap((severity) => fixturesFor(rule, severity))));
    const files = readdirSync(folder).filter((name) => name.endsWith('.arazzo.yaml'));
    expect(files.filter((name) => !fixtures.has(name))).toEqual([]);
    for (const name of files) {
      for (const line of expectations(name)) {
        const [code, severity] = line.split(' ') as [string, string];
        expect(RULES[code as keyof typeof RULES]?.severities, `${name}: ${line}`).toContain(severity);
      }
    }
  });


  it('LINT_RULES lists the lint-only rules with their usual severity, in the order it always had', () => {
    expect(LINT_RULES).toEqual(Object.fromEntries(Object.entries(RULES).filter(([id]) => Object.hasOwn(LINT_RULES, id)).map(([id, rule]) => [id, rule.severities[0]])));
    expect(Object.keys(LINT_RULES)).toEqual(['step-unreachable', 'goto-loop-no-exit', 'parameter-undeclared', 'parameter-required-missing', 'request-body-schema', 'jsonpath-count', 'regex-redos', 'literal-secret', 'literal-dollar-string']);
  });
});
