import type { Diagnostic } from '../diagnostics.js';
import { toPointer } from '@loom/expressions/internal';
import type { ExpressionProblem } from './check-expressions.js';
import type { ParsedText } from '../document/parse-text.js';

export type { ExpressionProblem } from './check-expressions.js';

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
