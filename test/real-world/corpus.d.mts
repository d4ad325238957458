// Types for corpus.mjs (plain JavaScript, so that update-expected.mjs runs with node alone).
import type { main } from '../../packages/cli/src/main.js';

export type LoomMain = typeof main;

/** A corpus document and the command-line arguments it is checked with (paths relative to corpus/). */
export interface CorpusCase {
  readonly id: string;
  readonly document: string;
  readonly args?: readonly string[];
  readonly note?: string;
}

/** [rule id, line, severity], then the file when it is not the case's document. */
export type RecordedDiagnostic = [code: string, line: number | null, severity: string, file?: string];

export interface CommandResult {
  readonly exit: number;
  readonly diagnostics: RecordedDiagnostic[];
}

export type CaseResult = Record<string, CommandResult>;

export const corpusFolder: string;
export const expectedFile: string;
export const COMMANDS: readonly string[];
export function loadCases(): CorpusCase[];
export function loadExpected(): Record<string, CaseResult>;
export function observeCommand(main: LoomMain, testCase: CorpusCase, command: string): Promise<CommandResult>;
export function observeCase(main: LoomMain, testCase: CorpusCase): Promise<CaseResult>;
export function describeDifference(expected: CommandResult | undefined, observed: CommandResult): string;
export function formatExpected(expected: Record<string, CaseResult>): string;
