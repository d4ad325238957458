import { createRequire } from 'node:module';
import { splitRegexCondition } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { criteriaOf, workflowsOf } from '../validate/document-walk.js';

type RedosDetector = typeof import('redos-detector');

// Loaded on first use: only `loom lint` needs it, and most documents have no regex criteria.
const require = createRequire(import.meta.url);
let detector: RedosDetector | undefined;

/** How long the checker may spend on one pattern; a pattern it cannot decide in time is not reported. */
const CHECK_TIMEOUT_MS = 1000;

/**
 * Lint (`regex-redos`), DECISIONS D35: a regex criterion that a ReDoS checker
 * (redos-detector) finds can backtrack without bound. Loom itself matches in
 * linear time (D34), so this is about the document's other readers: any tool
 * running it on a backtracking engine can hang on such a pattern. The pattern is
 * checked as matched from one position (`^(?:...)`): the quadratic cost of
 * retrying an unanchored pattern at every position is not reported, or nearly
 * every pattern would be.
 */
export function checkRegexRedos(parsed: ParsedText): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const workflow of workflowsOf(parsed.data)) {
    for (const criterion of criteriaOf(workflow)) {
      const condition = criterion.value['condition'];
      if (criterion.value['type'] !== 'regex' || typeof condition !== 'string' || !backtracksWithoutBound(condition)) continue;
      diagnostics.push(
        diagnosticAt(parsed, [...criterion.path, 'condition'], {
          code: 'regex-redos',
          severity: 'warning',
          message: `the pattern ${condition} can backtrack exponentially or polynomially on a backtracking regex engine (ReDoS); Loom matches it in linear time, other tools may hang (D35)`,
        }),
      );
    }
  }
  return diagnostics;
}

function backtracksWithoutBound(condition: string): boolean {
  const { pattern, flags } = splitRegexCondition(condition);
  try {
    // Invalid patterns are validation errors already.
    new RegExp(pattern, flags);
  } catch {
    return false;
  }
  detector ??= require('redos-detector') as RedosDetector;
  try {
    const result = detector.isSafePattern(`^(?:${pattern})`, {
      caseInsensitive: flags.includes('i'),
      dotAll: flags.includes('s'),
      multiLine: flags.includes('m'),
      unicode: flags.includes('u') || flags.includes('v'),
      timeout: CHECK_TIMEOUT_MS,
    });
    return !result.safe && (result.error !== 'timedOut' || result.trails.length > 0);
  } catch {
    // Syntax the checker does not know (the v flag's class sets): nothing to say.
    return false;
  }
}
