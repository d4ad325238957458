import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoomError, parseText, sortDiagnostics, type Diagnostic, type Severity, type SourcePosition } from '@loom/engine';
import { readResource, type ReadResourceOptions, toPointer } from '@loom/engine/internal';
import { Spectral, type Ruleset } from '@stoplight/spectral-core';
import { engineResultOf, toSpectralDocument } from './spectral-document.js';
import { withoutSpectralRestatements, type RuleResult } from './spectral-duplicates.js';
import { createDocumentResolver } from './spectral-resolver.js';

export interface LintOptions {
  /** Base for relative file paths; default `process.cwd()`. */
  readonly cwd?: string;
  /** How Spectral's pass reads what a document's `$ref`s name (CLI `--offline`, `--allow-host`, `--timeout`). */
  readonly offline?: boolean;
  readonly allowHosts?: readonly string[];
  readonly timeoutMs?: number;
}

export interface LintReport {
  /**
   * Every Spectral result as a Loom Diagnostic, positions 1-based, sorted by file and position; `code` is the rule
   * id (the engine's for Loom's validation rules, D51). A Spectral result that restates a Loom result is left out (D50).
   */
  readonly diagnostics: readonly Diagnostic[];
  /** The URLs of the files linted, in the order given. */
  readonly files: readonly string[];
  /** Each file's text by URL, for reporters that show the offending line. */
  readonly texts: ReadonlyMap<string, string>;
  /** Each file's parsed data by URL, for reporters that need the type of a path's nodes (Spectral's paths number array items). */
  readonly data: ReadonlyMap<string, unknown>;
  /**
   * The ruleset rule behind each diagnostic code that is not itself a rule: Loom's validation rules report
   * the engine's rule ids (`expression-unknown-step` from `loom-expressions`, DECISIONS D51).
   */
  readonly rules: ReadonlyMap<string, string>;
  /** Files that could not be read (LoomError `LOOM_ERR_READ`), with the reason; the others are still linted. */
  readonly unreadable: readonly { readonly file: string; readonly message: string }[];
}

/** Spectral's DiagnosticSeverity (0 error .. 3 hint) as Loom severities. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * Lints files with a Spectral ruleset (see loadLintRuleset) in one Spectral pass per file.
 * A file that cannot be read is listed in `unreadable`; the others are linted all the same.
 */
export async function lintDocuments(files: readonly string[], ruleset: Ruleset, options: LintOptions = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  // $refs in the documents are read as Loom's loader reads (D25, D36, D38), not by Spectral's default readers.
  const spectral = new Spectral({ resolver: createDocumentResolver(readOptionsOf(options)) as never });
  spectral.setRuleset(ruleset);
  const diagnostics: Diagnostic[] = [];
  const urls: string[] = [];
  const texts = new Map<string, string>();
  const data = new Map<string, unknown>();
  const unreadable: { file: string; message: string }[] = [];
  const rules = new Map<string, string>();
  for (const file of files) {
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    const url = pathToFileURL(path).href;
    // The engine's reader: regular files only, size-capped while reading (DECISIONS D25).
    let text: string;
    try {
      ({ text } = await readResource(url, readOptionsOf(options)));
    } catch (error) {
      if (!isLoomError(error) || error.code !== 'LOOM_ERR_READ') throw error;
      unreadable.push({ file, message: error.message });
      continue;
    }
    urls.push(url);
    texts.set(url, text);
    // Only a result needs them: a large document with no problem does not pay for the table.
    let lineStarts: number[] | undefined;
    const position = (line: number, character: number): SourcePosition => {
      lineStarts ??= lineStartsOf(text);
      const start = lineStarts[Math.min(line, lineStarts.length - 1)] ?? 0;
      return { line: line + 1, column: character + 1, offset: start + character };
    };
    // Loom's loader parses, with its limits (DECISIONS D38); Spectral lints what it parsed.
    const parsed = parseText(text, url);
    data.set(url, parsed.data);
    const document = toSpectralDocument(parsed, path);
    const results: RuleResult[] = [];
    for (const result of await spectral.run(document)) {
      // Loom's rules know their engine rule id and the character in error; Spectral only the rule and the value's start.
      const engine = engineResultOf(document, result.path, result.message);
      const exact = engine?.range;
      const diagnostic: Diagnostic = {
        code: engine?.code ?? String(result.code),
        severity: SEVERITIES[result.severity] ?? 'error',
        message: result.message,
        path: toPointer(result.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))),
        source: url,
        range: exact ?? { start: position(result.range.start.line, result.range.start.character), end: position(result.range.end.line, result.range.end.character) },
      };
      results.push({ diagnostic, rule: String(result.code), fromLoom: engine !== undefined });
    }
    // DECISIONS D50: where a Loom rule and a Spectral Arazzo rule report one problem, Loom's stands.
    for (const { diagnostic, rule } of withoutSpectralRestatements(results)) {
      diagnostics.push(diagnostic);
      if (rule !== diagnostic.code) rules.set(diagnostic.code, rule);
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files: urls, texts, data, unreadable, rules };
}

function readOptionsOf(options: LintOptions): ReadResourceOptions {
  return {
    ...(options.offline ? { offline: true } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}
