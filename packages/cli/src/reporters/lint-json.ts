import { isArrayIndex } from '@loom/expressions/internal';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Severity } from '@loom/engine';
import { parsePointer } from '@loom/engine/internal';
import type { LintReportInput } from './lint-report.js';

/** Spectral's DiagnosticSeverity numbers (@stoplight/types): 0 error .. 3 hint. */
export const SPECTRAL_SEVERITY: Readonly<Record<Severity, 0 | 1 | 2 | 3>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A 1-based Loom position as Spectral's 0-based one. */
function toSpectralPosition(position: { readonly line: number; readonly column: number } | undefined) {
  return { line: Math.max(0, (position?.line ?? 1) - 1), character: Math.max(0, (position?.column ?? 1) - 1) };
}

/** Where Spectral's results say they come from: the file's absolute path (a URL stays a URL). */
function sourceOf(diagnostic: Diagnostic): string | undefined {
  if (!diagnostic.source) return undefined;
  return diagnostic.source.startsWith('file:') ? fileURLToPath(diagnostic.source) : diagnostic.source;
}

/** A pointer as Spectral's path: segments, with array items as numbers (read from the data the pointer walks). */
function spectralPath(pointer: string, data: unknown): (string | number)[] {
  let node = data;
  return (parsePointer(pointer) ?? []).map((segment) => {
    const item = Array.isArray(node) && isArrayIndex(segment);
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
    return item ? Number(segment) : segment;
  });
}

/**
 * `--format json`, DECISIONS D51: Spectral's JSON output (its `json` formatter), so tools that read
 * `spectral lint -f json` read `loom lint` alike: an array of results, each
 * `{ code, path (segments), message, severity (0 error .. 3 hint), range ({ start, end } of 0-based
 * line and character), source (the file's absolute path) }`.
 */
export function formatLintJson(input: LintReportInput): string {
  const results = input.diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    path: spectralPath(diagnostic.path, diagnostic.source ? input.data.get(diagnostic.source) : undefined),
    message: diagnostic.message,
    severity: SPECTRAL_SEVERITY[diagnostic.severity],
    range: { start: toSpectralPosition(diagnostic.range?.start), end: toSpectralPosition(diagnostic.range?.end) },
    source: sourceOf(diagnostic),
  }));
  return `${JSON.stringify(results, null, '\t')}\n`;
}
