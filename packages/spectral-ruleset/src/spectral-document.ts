import type { ParsedText, PathSegment, SourcePosition } from '@loom/engine';
import { getAtPath, parsePointer } from '@loom/engine/internal';
import { Document } from '@stoplight/spectral-core';

// Spectral's own shapes (@stoplight/types), written out: 0-based positions, severity 0 error / 1 warning.
interface SpectralPosition {
  readonly line: number;
  readonly character: number;
}
interface SpectralRange {
  readonly start: SpectralPosition;
  readonly end: SpectralPosition;
}
const SPECTRAL_ERROR = 0;
const SPECTRAL_WARNING = 1;

/** Marks a Spectral document that Loom's loader parsed: its syntax problems are Spectral's parser results already. */
const PARSED_BY_LOOM = Symbol.for('@loom/spectral-ruleset/parsed-by-loom');

/**
 * Hands Spectral a document that Loom's loader parsed (a Spectral `Document` with a parser that returns Loom's result), so that
 * `loom lint` reads a text with the same limits as `loom validate` (aliases, nesting depth:
 * DECISIONS D38) and Spectral never parses it again. Positions come from Loom's syntax tree;
 * Loom's syntax diagnostics become Spectral's parser results, at their line and column.
 */
export function toSpectralDocument(parsed: ParsedText, file: string): Document {
  const diagnostics = parsed.diagnostics.map((diagnostic) => ({
    // 'YAMLException' keeps Spectral from rewording the message (it splits camelCase words otherwise).
    code: 'YAMLException',
    message: diagnostic.message,
    severity: diagnostic.severity === 'error' ? SPECTRAL_ERROR : SPECTRAL_WARNING,
    path: parsePointer(diagnostic.path) ?? [],
    range: diagnostic.range ? toRange(diagnostic.range.start, diagnostic.range.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  }));
  // A Spectral parser (IParser) that hands over what Loom parsed: Spectral's run() takes a
  // Document as it is (a ParsedDocument it would stringify and parse again).
  const parser = {
    parse: () => ({ data: parsed.data, diagnostics, ast: {}, lineMap: undefined }),
    getLocationForJsonPath: (_result: unknown, path: readonly (string | number)[]) => {
      const range = locateForSpectral(parsed, path.map((segment) => (typeof segment === 'number' ? segment : String(segment))));
      return range ? { range } : undefined;
    },
    trapAccess: <T>(value: T): T => value,
  };
  const document = new Document(parsed.text, parser as unknown as ConstructorParameters<typeof Document>[1], file);
  Object.defineProperty(document, PARSED_BY_LOOM, { value: true });
  parsedTexts.set(document, parsed);
  // A text that did not parse has no data for any rule to read: no "unrecognized format" warning either.
  if (parsed.data === undefined) document.formats = null;
  return document;
}

/**
 * What the engine knows about Loom's own results, by document: Spectral's result carries only the
 * rule (`loom-expressions`) and places it by its path alone (the start of the value), while the
 * engine has its own rule id (`expression-unknown-step`) and the character inside a string where an
 * expression goes wrong. Loom's rules record both here and lintDocuments puts them back, so
 * `loom lint` and `loom validate` report a problem with the same code at the same line and column
 * (DECISIONS D51), and no rule id is written into the message.
 */
export interface EngineResult {
  /** The engine's rule id. */
  readonly code: string;
  /** The Loom rule that reported it (`loom-expressions`). */
  readonly rule: string;
  /** The engine's range, kept only inside a string (see recordEngineResult). */
  readonly range?: { readonly start: SourcePosition; readonly end: SourcePosition };
}

const engineResults = new WeakMap<object, Map<string, EngineResult>>();

function resultKey(path: readonly (string | number)[], message: string): string {
  return `${path.join('\u0000')}\u0001${message}`;
}

export function recordEngineResult(document: unknown, path: readonly PathSegment[], message: string, result: EngineResult): void {
  if (!isParsedByLoom(document)) return;
  let results = engineResults.get(document as object);
  if (results === undefined) engineResults.set(document as object, (results = new Map()));
  // Only inside a string is the engine more precise; an object or array is placed as Spectral
  // places it (just past its key), which the engine's range (its first member) is not.
  const precise = result.range !== undefined && typeof getAtPath((document as { data: unknown }).data, path) === 'string';
  results.set(resultKey(path, message), precise ? result : { code: result.code, rule: result.rule });
}

export function engineResultOf(document: object, path: readonly (string | number)[], message: string): EngineResult | undefined {
  return engineResults.get(document)?.get(resultKey(path, message));
}

/** What Loom parsed for each Spectral document: the engine's analysis of it does not parse the file again (DECISIONS D55). */
const parsedTexts = new WeakMap<object, ParsedText>();

export function parsedTextOf(document: unknown): ParsedText | undefined {
  return typeof document === 'object' && document !== null ? parsedTexts.get(document) : undefined;
}

/** Whether Spectral's document came from toSpectralDocument (its syntax problems are reported already). */
export function isParsedByLoom(document: unknown): boolean {
  return typeof document === 'object' && document !== null && (document as Record<symbol, unknown>)[PARSED_BY_LOOM] === true;
}

/**
 * Where Spectral places a result at `path`. Loom's locate gives the closest existing node when
 * the path does not exist in full, as Spectral asks. An object or array stands where its key
 * ends, just past the colon, as Spectral's own parser places it (its first line is often a
 * child's, which would point at the wrong member).
 */
function locateForSpectral(parsed: ParsedText, path: readonly PathSegment[]): SpectralRange | undefined {
  const value = parsed.locate(path);
  if (!value) return undefined;
  // A block collection's node ends after its last line break; the result ends where its text does.
  let end = value.end.offset;
  while (end > value.start.offset && /\s/.test(parsed.text[end - 1]!)) end--;
  const endPosition = parsed.position(end);
  const target = getAtPath(parsed.data, path);
  if (path.length === 0 || target === null || typeof target !== 'object') return toRange(value.start, endPosition);
  const key = parsed.locate(path, 'key');
  if (!key || key.end.offset > value.start.offset) return toRange(value.start, endPosition);
  const afterKey = parsed.text[key.end.offset] === ':' ? key.end.offset + 1 : key.end.offset;
  return toRange(parsed.position(afterKey), endPosition);
}

/** Loom positions are 1-based, Spectral's 0-based. */
function toRange(start: SourcePosition, end: SourcePosition): SpectralRange {
  return { start: toPosition(start), end: toPosition(end) };
}

function toPosition(position: SourcePosition): SpectralPosition {
  return { line: position.line - 1, character: position.column - 1 };
}
