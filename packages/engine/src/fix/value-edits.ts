import type { DiagnosticFix } from '../diagnostics.js';

/** Something carrying a fix: a diagnostic, in practice. */
export interface WithFix {
  readonly fix: DiagnosticFix;
}

export interface RejectedEdit<T extends WithFix> {
  readonly item: T;
  readonly reason: string;
}

/**
 * Picks the edits of one string value that can be applied together, in the order
 * given (diagnostics come sorted by position). An edit that overlaps one already
 * taken is rejected: the first stands, as in ESLint's fixer (DECISIONS D49). The same edit twice
 * (two diagnostics, one correction) is taken once and counts for both.
 */
export function composeEdits<T extends WithFix>(value: string, items: readonly T[]): { accepted: T[]; rejected: RejectedEdit<T>[] } {
  const accepted: T[] = [];
  const rejected: RejectedEdit<T>[] = [];
  for (const item of items) {
    const { start, end, text } = item.fix;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > value.length || typeof text !== 'string') {
      rejected.push({ item, reason: `its edit (characters ${start} to ${end}) lies outside the value, which has ${value.length} characters` });
      continue;
    }
    const clash = accepted.find((taken) => overlaps(taken.fix, item.fix));
    if (clash === undefined) accepted.push(item);
    else if (!sameEdit(clash.fix, item.fix)) rejected.push({ item, reason: `it overlaps the fix "${clash.fix.description}" in the same value` });
    else accepted.push(item);
  }
  return { accepted, rejected };
}

/** Applies non-overlapping edits; from the end, so that each edit's offsets still hold. */
export function applyEdits(value: string, fixes: readonly DiagnosticFix[]): string {
  const unique = fixes.filter((fix, index) => fixes.findIndex((other) => sameEdit(other, fix)) === index);
  const ordered = unique.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = value;
  for (const { start, end, text } of ordered) result = result.slice(0, start) + text + result.slice(end);
  return result;
}

/** Two edits overlap when they share a character, or insert (or start) at the same place: their order would be a guess. */
function overlaps(a: DiagnosticFix, b: DiagnosticFix): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

function sameEdit(a: DiagnosticFix, b: DiagnosticFix): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}
