import type { Diagnostic, DiagnosticFix, Severity } from '../diagnostics.js';
import { type PathSegment, toPointer } from '@loom/expressions';
import type { ParsedText } from '../document/parse-text.js';

/** One problem the expressions package found in a string of the document (`validateExpressions`). */
export interface ExpressionProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path of the string in the document. */
  readonly path: readonly PathSegment[];
  /** 1-based column inside the string's value, when the problem is at a known character. */
  readonly column?: number;
  /** The certain correction, in offsets of the string's value. */
  readonly fix?: DiagnosticFix;
}

/**
 * Places the expressions package's problems in the text: at the string's line, and
 * at the exact column when the problem has one (the value's start column + column
 * - 1, one more after an opening quote; block scalars keep the value's start).
 */
export function collectExpressionDiagnostics(parsed: ParsedText, problems: readonly ExpressionProblem[]): Diagnostic[] {
  return problems.map((problem) => {
    const base = {
      code: problem.code,
      severity: problem.severity,
      message: problem.message,
      path: toPointer(problem.path),
      source: parsed.uri,
      ...(problem.fix ? { fix: problem.fix } : {}),
    };
    const range = parsed.locate(problem.path);
    if (!range) return base;
    if (problem.column === undefined) return { ...base, range };
    const first = parsed.text[range.start.offset];
    if (first === '|' || first === '>') return { ...base, range };
    const quoted = first === '"' || first === "'" ? 1 : 0;
    const offset = Math.min(range.start.offset + quoted + problem.column - 1, range.end.offset);
    const start = parsed.position(offset);
    return { ...base, range: { start, end: range.end.offset > offset ? range.end : start } };
  });
}
