/**
 * Problems found in a user's document are data, not exceptions: each one is a
 * Diagnostic with a stable rule id (`code`), a severity, a message in plain words,
 * the JSON Pointer of the node it is about and, where the node came from text,
 * its position in that text.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A position in a source text; line and column are 1-based, offset is 0-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Where a node is in its source text, from `start` to `end` (exclusive). */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/**
 * A certain correction of the problem: replace the characters `start`..`end`
 * (0-based UTF-16 offsets, end exclusive) of the string value at the diagnostic's
 * `path` with `text`. Offsets count in the string's value, not in the file, so a
 * fixer can rewrite the value and keep the scalar's quoting style (`loom fix`).
 */
export interface DiagnosticFix {
  /** What the fix does, in a few words: "write $response.body#/data/id". */
  readonly description: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One problem found in a document; see the rule table of the engine README for every `code`. */
export interface Diagnostic {
  /** Stable rule id, for example `arazzo-schema` or `step-id-unique`. Match on this, never on the message. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** JSON Pointer (RFC 6901) of the node in its document, `''` for the root. */
  readonly path: string;
  /** The document's URL (a `file:` URL for local files). */
  readonly source?: string;
  readonly range?: SourceRange;
  /** Present when the problem has one certain correction (the dialect forms, D24). */
  readonly fix?: DiagnosticFix;
}

/** True when any diagnostic is an error (warnings, infos and hints never block). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Order diagnostics by source, then position, so reports read top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.source ?? '').localeCompare(b.source ?? '') ||
      (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1) ||
      a.code.localeCompare(b.code),
  );
}
