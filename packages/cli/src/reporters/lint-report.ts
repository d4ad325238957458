import type { Diagnostic } from '@loom/engine';
import type { DisplayFile } from './diagnostics.js';

/** What every lint reporter gets: the diagnostics, the files linted (URLs) and how to show a file. */
export interface LintReportInput {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  readonly texts: ReadonlyMap<string, string>;
  /** Each file's parsed data by URL (Spectral's JSON paths number the items of arrays). */
  readonly data: ReadonlyMap<string, unknown>;
  readonly displayFile: DisplayFile;
  /** Rule id -> its description, for formats that list the rules (SARIF). */
  readonly ruleDescriptions: ReadonlyMap<string, string>;
  readonly toolVersion: string;
}

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly hint: number;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

/** The diagnostics of each file, in the order the files were given; files without problems included. */
export function groupByFile(input: LintReportInput): { url: string; diagnostics: Diagnostic[] }[] {
  return input.files.map((url) => ({ url, diagnostics: input.diagnostics.filter((diagnostic) => diagnostic.source === url) }));
}
