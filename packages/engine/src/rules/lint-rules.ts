import type { RuleDeclaration } from './rule.js';

/**
 * The lint-only rules (`lintDocument`, `loom lint`): likely mistakes in a document the spec allows.
 * Adding one: its entry here, its check in lint/ (reporting this id), and its fixture; then
 * `pnpm rules:update`. The spectral-ruleset README's table of lint rules is generated from this
 * list, in this order; each is the Spectral rule `loom-<id>` with this description (plain text: SARIF and
 * JUnit reports show it as written).
 */
export const LINT_ONLY_RULES = {
  'step-unreachable': {
    severities: ['warning'],
    description: 'Every step can be reached from the first one, by falling through or by a goto.',
    fixture: 'step-unreachable.arazzo.yaml',
  },
  'goto-loop-no-exit': { severities: ['warning'], description: 'A loop of steps has a way out (DECISIONS D17).', fixture: 'goto-loop-no-exit.arazzo.yaml' },
  'parameter-undeclared': {
    severities: ['warning'],
    description: 'Parameters are declared by the target operation (DECISIONS D13).',
    fixture: 'parameter-undeclared.arazzo.yaml',
  },
  'parameter-required-missing': {
    severities: ['warning'],
    description: "The target operation's required parameters are supplied.",
    fixture: 'parameter-required-missing.arazzo.yaml',
  },
  'request-body-schema': {
    severities: ['warning'],
    description: "A payload's static parts match the operation's request body schema.",
    fixture: 'request-body-schema.arazzo.yaml',
  },
  'jsonpath-count': {
    severities: ['warning'],
    description: 'count(@.x) in a JSONPath criterion counts nodes; length(@.x) counts elements (DECISIONS D4).',
    fixture: 'jsonpath-count.arazzo.yaml',
  },
  'regex-redos': {
    severities: ['warning'],
    description: 'A regex criterion cannot backtrack without bound on a backtracking engine (ReDoS; DECISIONS D35).',
    fixture: 'regex-redos.arazzo.yaml',
  },
  'literal-secret': {
    severities: ['warning'],
    description: 'Secrets (Authorization, API keys, passwords) come from inputs, not literals in the document (DECISIONS D21).',
    fixture: 'literal-secret.arazzo.yaml',
  },
  'literal-dollar-string': {
    severities: ['info'],
    description: 'A value starting with $ that is no runtime expression is sent as literal text (DECISIONS D22).',
    fixture: 'literal-dollar-string.arazzo.yaml',
  },
} as const satisfies Record<string, RuleDeclaration>;
