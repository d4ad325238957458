import type { PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import type { Data } from './document-walk.js';

/** Rule id of a use of an Arazzo 1.1 feature Loom validates but cannot run yet. */
export const UNSUPPORTED_RULE = 'unsupported-feature';

/**
 * DECISIONS D72: Loom validates every Arazzo 1.1 document, but runs only what it implements. Each use
 * of a 1.1 feature it cannot run yet (`$self` as the base URI of relative references) is one error at
 * the field, so a run stops at validation instead of running the workflow wrong. A 1.1 document that keeps to what Loom runs, runs.
 */
export function checkUnsupportedFeatures(parsed: ParsedText): Diagnostic[] {
  if (arazzoVersionOf(parsed.data) !== '1.1') return [];
  const document = parsed.data as Data;
  const found: Diagnostic[] = [];
  const report = (path: readonly PathSegment[], feature: string, part: 'key' | 'value' = 'key'): void => {
    found.push(diagnosticAt(parsed, path, { code: UNSUPPORTED_RULE, severity: 'error', message: `${feature} (Arazzo 1.1) is not yet supported by Loom: it validates this document but cannot run it.` }, part));
  };

  if ('$self' in document) report(['$self'], "'$self' (the document's base URI)");
  return found;
}
