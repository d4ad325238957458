import type { Diagnostic } from '@loom/engine';

/** Engine rule ids: exact, or every id with a prefix (`expression-`). */
type CodeMatcher = readonly string[];

const EXPRESSIONS = ['expression-', 'criterion-'];
const ACTIONS = ['action-name-unique', 'goto-target', 'retry-target', 'component-reference', 'arazzo-schema', ...EXPRESSIONS];

/**
 * DECISIONS D50: the problems each of Spectral's own Arazzo rules (@stoplight/spectral-rulesets
 * `arazzo`, every rule that judges more than a field's presence) looks for, as the engine rule ids that
 * report the same problems. A Spectral result is a restatement when one of its rule's paired
 * Loom results stands at the same node or inside it (Spectral often reports at the enclosing object,
 * or at the root for uniqueness). A Loom result at an enclosing node (a missing field of a step)
 * is about that node, not about what Spectral found inside it, so it does not count.
 */
export const SPECTRAL_RULE_PAIRS: Readonly<Record<string, CodeMatcher>> = {
  'arazzo-document-schema': ['arazzo-schema', 'arazzo-version', 'document-root', 'syntax'],
  'arazzo-workflowId-unique': ['workflow-id-unique'],
  'arazzo-workflow-stepId-unique': ['step-id-unique'],
  'arazzo-workflow-output-validation': ['output-name', ...EXPRESSIONS],
  'arazzo-step-output-validation': ['output-name', ...EXPRESSIONS],
  'arazzo-step-parameters-validation': ['parameter-', 'component-reference', 'arazzo-schema', ...EXPRESSIONS],
  'arazzo-step-failure-actions-validation': ACTIONS,
  'arazzo-step-success-actions-validation': ACTIONS,
  'arazzo-workflow-depends-on-validation': ['depends-on-'],
  'arazzo-step-success-criteria-validation': EXPRESSIONS,
  'arazzo-step-request-body-validation': ['arazzo-schema', ...EXPRESSIONS],
  'arazzo-step-validation': ['step-target', 'step-workflow-target', 'operation-', 'source-'],
};

function pairs(matcher: CodeMatcher, code: string): boolean {
  return matcher.some((id) => (id.endsWith('-') ? code.startsWith(id) : code === id));
}

/** A pointer and every pointer that contains it, down to the root `''` (RFC 6901: `/` only separates segments). */
function selfAndAncestors(pointer: string): string[] {
  const out = [pointer];
  for (let end = pointer.lastIndexOf('/'); end >= 0; end = pointer.lastIndexOf('/', end - 1)) {
    out.push(pointer.slice(0, end));
    if (end === 0) break;
  }
  return out;
}

/** A result of a lint pass: the diagnostic, the rule that reported it, and whether that rule is one of Loom's. */
export interface RuleResult {
  readonly diagnostic: Diagnostic;
  readonly rule: string;
  readonly fromLoom: boolean;
}

/**
 * DECISIONS D50: one diagnostic per problem. Where a Loom rule and one of Spectral's Arazzo rules
 * report the same problem (paired rule, related node, same file), Loom's stands and Spectral's is dropped.
 */
export function withoutSpectralRestatements(results: readonly RuleResult[]): RuleResult[] {
  // Loom's codes by file and by every node that holds a Loom result at or below it: each Spectral result
  // then needs one lookup, and the index is linear in the results times their depth.
  const atOrBelow = new Map<string, string[]>();
  const keyOf = (source: string | undefined, pointer: string) => `${source ?? ''}\u0000${pointer}`;
  for (const { diagnostic, fromLoom } of results) {
    if (!fromLoom) continue;
    for (const pointer of selfAndAncestors(diagnostic.path)) {
      const key = keyOf(diagnostic.source, pointer);
      const codes = atOrBelow.get(key);
      if (codes) codes.push(diagnostic.code);
      else atOrBelow.set(key, [diagnostic.code]);
    }
  }
  if (atOrBelow.size === 0) return [...results];
  return results.filter(({ diagnostic, rule, fromLoom }) => {
    const matcher = fromLoom ? undefined : SPECTRAL_RULE_PAIRS[rule];
    if (!matcher) return true;
    return !(atOrBelow.get(keyOf(diagnostic.source, diagnostic.path)) ?? []).some((code) => pairs(matcher, code));
  });
}
