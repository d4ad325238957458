import type { Diagnostic } from '@loom/engine';
import { displayUrl, LINT_RULES, parsePointer, RULES, type LintRuleId } from '@loom/engine/internal';
import { createRulesetFunction, type Format, type RulesetDefinition } from '@stoplight/spectral-core';
// Only the Arazzo ruleset: the package's index loads its OpenAPI and AsyncAPI rulesets too, about
// 300 ms of CPU at every `loom lint` (the package has no "exports" map, so its files are importable).
import * as arazzoModule from '@stoplight/spectral-rulesets/dist/arazzo/index.js';
import { arazzo1_1 } from './arazzo-1-1-format.js';
import { isParsedByLoom, recordEngineResult } from './spectral-document.js';
import { createEngineAnalysis, type AnalysisOptions, type SpectralDocumentLike } from './engine-analysis.js';

/** Which engine validation diagnostics each Loom validation rule reports. */
const VALIDATION_RULES = {
  'loom-arazzo-schema': {
    description: "The document is YAML/JSON and valid against its Arazzo version's schema (1.0 or 1.1) as corrected by Loom (DECISIONS D23, D71).",
    matches: (code: string) => code === 'arazzo-schema' || code === 'arazzo-version' || code === 'document-root' || code === 'syntax',
  },
  'loom-expressions': {
    description: 'Runtime expressions and criteria parse, and name steps, outputs, inputs, workflows and components that exist.',
    matches: (code: string) => code.startsWith('expression-') || code.startsWith('criterion-'),
  },
  'loom-operations': {
    description: "Every step's operationId / operationPath resolves, unambiguously, in a readable OpenAPI source description.",
    // reference-not-allowed: a source or $ref a remote document may not reach (DECISIONS D25).
    matches: (code: string) =>
      code.startsWith('operation-') || code.startsWith('openapi-') || code.startsWith('source-') || code === 'parameter-in' || code === 'reference-not-allowed',
  },
  'loom-semantics': {
    description: 'The rules the schema cannot express: unique ids and names, goto / retry / dependsOn targets, component references.',
    matches: () => true,
  },
} as const;

type ValidationRuleId = keyof typeof VALIDATION_RULES;

/**
 * Bundled Spectral Arazzo rules Loom turns off, each because it contradicts the spec
 * text (checked rule by rule against Arazzo 1.0.1) and the engine checks the same thing correctly.
 */
export const REPLACED_SPECTRAL_RULES = {
  // Its schema rejects a plain `retry` without `retryAfter` and the Criterion Expression Type Object (D23).
  'arazzo-document-schema': 'loom-arazzo-schema',
  // Rejects parameters without `in` on operation steps (D13 infers it), workflow-level parameters with `in`
  // applied to a workflow step, and literal values such as `$5.00` (D22).
  'arazzo-step-parameters-validation': 'loom-semantics',
  // Rejects a contentType with parameters (`application/json; charset=utf-8`) and literal `$` payloads (D22).
  'arazzo-step-request-body-validation': 'loom-expressions',
  // Judge output names and their runtime expressions, which Loom's validator reads exactly; they reject
  // `$inputs.x` when the inputs schema is a `$ref` to components.inputs, and dotted declared names (D50).
  'arazzo-workflow-output-validation': 'loom-expressions',
  'arazzo-step-output-validation': 'loom-expressions',
} as const;

/** Spectral severities by Loom's Diagnostic severity. */
const SPECTRAL_SEVERITY = { error: 'error', warning: 'warn', info: 'info', hint: 'hint' } as const;

/** Every rule Loom adds, with its Spectral severity. */
export const LOOM_RULES: Readonly<Record<string, 'error' | 'warn' | 'info' | 'hint'>> = {
  ...Object.fromEntries(Object.keys(VALIDATION_RULES).map((id) => [id, 'error'] as const)),
  'loom-validation-warning': 'warn',
  ...Object.fromEntries(Object.entries(LINT_RULES).map(([id, severity]) => [`loom-${id}`, SPECTRAL_SEVERITY[severity]] as const)),
};

/** Options of Loom's rules; the same as the engine's loading options. */
export type LoomRulesetOptions = AnalysisOptions;

interface Selection {
  readonly kind: 'validation' | 'warnings' | 'lint';
  readonly rule: string;
}

function selects(selection: Selection, diagnostic: Diagnostic): boolean {
  if (selection.kind === 'lint') return `loom-${diagnostic.code}` === selection.rule;
  if (selection.kind === 'warnings') return diagnostic.severity !== 'error';
  if (diagnostic.severity !== 'error') return false;
  const first = (Object.keys(VALIDATION_RULES) as ValidationRuleId[]).find((id) => VALIDATION_RULES[id].matches(diagnostic.code));
  return first === selection.rule;
}

/**
 * The ruleset that dist/arazzo/index.js exports as `exports.default` (CommonJS with `__esModule`). Node's
 * import gives the module's `exports` as `default`; a bundler or Vite that honours `__esModule` gives the ruleset itself.
 */
function spectralArazzoRuleset(): RulesetDefinition & { formats: unknown } {
  const imported: unknown = (arazzoModule as { default: unknown }).default;
  const ruleset = typeof imported === 'object' && imported !== null && !('rules' in imported) ? (imported as { default: unknown }).default : imported;
  return ruleset as RulesetDefinition & { formats: unknown };
}

/**
 * Builds the Loom Spectral ruleset: Spectral's own Arazzo ruleset (minus the rules in
 * REPLACED_SPECTRAL_RULES) plus Loom's rules, whose functions call the engine's
 * validator and lint checks once per document and map the diagnostics to Spectral results.
 */
export function createLoomRuleset(options: LoomRulesetOptions = {}): RulesetDefinition {
  const analysis = createEngineAnalysis(options);
  const engineFunction = createRulesetFunction<unknown, { kind: Selection['kind']; rule: string }>(
    {
      input: null,
      options: {
        type: 'object',
        properties: { kind: { enum: ['validation', 'warnings', 'lint'] }, rule: { type: 'string' } },
        required: ['kind', 'rule'],
        additionalProperties: false,
      },
    },
    async function loomEngine(_input, selection, context) {
      const document = context.document as unknown as SpectralDocumentLike;
      const result = await analysis(document);
      const diagnostics = selection.kind === 'lint' ? result.lint : result.validation;
      // A text Loom's loader parsed for Spectral has its syntax problems among Spectral's parser results.
      const syntaxReported = isParsedByLoom(context.document);
      return diagnostics
        .filter((diagnostic) => selects(selection, diagnostic))
        .filter((diagnostic) => !(syntaxReported && diagnostic.code === 'syntax' && diagnostic.source === result.url))
        .map((diagnostic) => {
          // DECISIONS D51: a validation result keeps the engine's rule id as its code; a lint-only rule's id is its code.
          const code = selection.kind === 'lint' ? selection.rule : diagnostic.code;
          if (diagnostic.source && diagnostic.source !== result.url) {
            // A problem inside another document (an OpenAPI source): reported at this document's
            // sourceDescriptions, naming the file and line where it is.
            const line = diagnostic.range ? `:${diagnostic.range.start.line}:${diagnostic.range.start.column}` : '';
            const message = `${displayUrl(diagnostic.source, options.cwd ?? process.cwd())}${line}: ${diagnostic.message}`;
            recordEngineResult(context.document, ['sourceDescriptions'], message, { code, rule: selection.rule });
            return { message, path: ['sourceDescriptions'] };
          }
          const path = parsePointer(diagnostic.path) ?? [];
          recordEngineResult(context.document, path, diagnostic.message, { code, rule: selection.rule, ...(diagnostic.range ? { range: diagnostic.range } : {}) });
          return { message: diagnostic.message, path };
        });
    },
  );
  const rule = (description: string, severity: 'error' | 'warn' | 'info' | 'hint', selection: Selection) => ({
    description,
    severity,
    message: '{{error}}',
    given: '$',
    then: { function: engineFunction, functionOptions: { kind: selection.kind, rule: selection.rule } },
  });
  const rules: Record<string, unknown> = Object.fromEntries(Object.keys(REPLACED_SPECTRAL_RULES).map((id) => [id, 'off']));
  for (const [id, definition] of Object.entries(VALIDATION_RULES)) rules[id] = rule(definition.description, 'error', { kind: 'validation', rule: id });
  rules['loom-validation-warning'] = rule('Warnings from validation: a parameter whose `in` is inferred (D13), YAML warnings, ...', 'warn', {
    kind: 'warnings',
    rule: 'loom-validation-warning',
  });
  for (const [id, severity] of Object.entries(LINT_RULES) as [LintRuleId, Diagnostic['severity']][]) {
    // The description is the engine registry's (rules/lint-rules.ts), as in the README table generated from it.
    rules[`loom-${id}`] = rule(RULES[id].description, SPECTRAL_SEVERITY[severity], { kind: 'lint', rule: `loom-${id}` });
  }
  const spectralArazzo = spectralArazzoRuleset();
  return {
    // Loom's rules for 1.0 and 1.1 documents alike; the extended Spectral rules keep their own (1.0) formats.
    formats: [...(spectralArazzo.formats as Format[]), arazzo1_1],
    extends: [[spectralArazzo, 'recommended']],
    rules,
  } as RulesetDefinition;
}
