import type { Diagnostic } from '../diagnostics.js';
import { loadDocument, type LoadOptions } from '../load-document.js';
import { applyFixes, type FixableDiagnostic, type SkippedFix } from './apply-fixes.js';

/** A fix can reveal the next one (a qualified operationId lets its parameters be checked); this many rounds at most (DECISIONS D49). */
export const DEFAULT_MAX_FIX_ROUNDS = 5;

/** Options of {@link fixDocument}: those of {@link loadDocument}, and how many rounds to make. */
export interface FixDocumentOptions extends LoadOptions {
  /** Rounds of load, fix, check again; default DEFAULT_MAX_FIX_ROUNDS. */
  readonly maxRounds?: number;
}

/** What {@link fixDocument} did: the fixed text, the fixes made and left out, and what is left. */
export interface DocumentFixes {
  /** The document's URL (a `file:` URL for a path). */
  readonly url: string;
  /** The text as read. */
  readonly original: string;
  /** The text with every fix applied; equal to `original` when none applied. */
  readonly text: string;
  /** The fixes made, round after round; each diagnostic's range is in the text of its round. */
  readonly applied: readonly FixableDiagnostic[];
  /** The fixes of the last round that could not be made, with why. */
  readonly skipped: readonly SkippedFix[];
  /** What is left: the diagnostics of the fixed text (and of the documents it reaches). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads and validates a document, applies the certain fixes of its own diagnostics,
 * checks the fixed text again and repeats while new fixes appear. Writes nothing:
 * the caller decides what to do with `text`. Only the document itself is fixed,
 * never a source description it reaches. Same errors as loadDocument.
 */
export async function fixDocument(pathOrUrl: string, options: FixDocumentOptions = {}): Promise<DocumentFixes> {
  const { maxRounds = DEFAULT_MAX_FIX_ROUNDS, ...loadOptions } = options;
  let loaded = await loadDocument(pathOrUrl, loadOptions);
  const original = loaded.parsed.text;
  let text = original;
  const applied: FixableDiagnostic[] = [];
  let skipped: readonly SkippedFix[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const result = applyFixes(text, loaded.diagnostics.filter((diagnostic) => diagnostic.source === loaded.url));
    skipped = result.skipped;
    if (result.applied.length === 0) break;
    applied.push(...result.applied);
    text = result.text;
    loaded = await loadDocument(pathOrUrl, { ...loadOptions, text });
  }
  return { url: loaded.url, original, text, applied, skipped, diagnostics: loaded.diagnostics };
}
