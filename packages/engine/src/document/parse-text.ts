import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, YAMLParseError, type CST, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition, SourceRange } from '../diagnostics.js';
import { type PathSegment, toPointer } from '@loom/expressions/internal';
import { findDuplicateKeys } from './duplicate-keys.js';
import { findDataDepthCrossing, MAX_NESTING_DEPTH, measureTokenDepth, parseTokens } from './nesting-depth.js';
import { readPlainData } from './read-plain-data.js';

/**
 * A YAML or JSON text parsed to plain data, with the syntax tree kept so that any
 * node can be located by its path when a diagnostic needs a line and column.
 * Positions are computed only on demand (TypeScript's scanner keeps line starts
 * and maps offsets when an error is reported; yaml's LineCounter does the same).
 */
export interface ParsedText {
  readonly uri: string;
  readonly text: string;
  /** The document as plain JSON data (`undefined` for an empty text). */
  readonly data: unknown;
  /** Syntax errors and warnings, with positions. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The range of the node at `path`. With `part: 'key'` the range of the map key that
   * holds it. When the path does not exist in full, the deepest existing node's range.
   */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): SourceRange | undefined;
  /** The position of an offset in the text. */
  position(offset: number): SourcePosition;
}

/** Aliases are expanded at most this many times, so a YAML "billion laughs" cannot exhaust memory. */
const MAX_ALIAS_COUNT = 1000;

/** A text that fails to parse reports this many syntax errors at most; the rest usually follow from the first. */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Parses a YAML or JSON text to plain data; syntax problems are diagnostics (DECISIONS D38 bounds nesting).
 * `uri` names the text in them.
 */
export function parseText(text: string, uri: string): ParsedText {
  // A binary file (an executable, an image, a zip) is no YAML or JSON; one clear line says so.
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return binaryText(text, uri, nul);
  const plain = readPlainData(text);
  return plain ? locatedOnDemand(text, uri, plain.data) : parseFully(text, uri);
}

/**
 * A text read without positions (DECISIONS D55): it has no syntax problem, and yaml's syntax
 * tree is built the first time a diagnostic asks where a node stands. A valid document never
 * pays for it.
 */
function locatedOnDemand(text: string, uri: string, data: unknown): ParsedText {
  let full: ParsedText | undefined;
  const located = (): ParsedText => (full ??= parseFully(text, uri));
  return {
    uri,
    text,
    data,
    diagnostics: [],
    locate: (path, part) => located().locate(path, part),
    position: (offset) => located().position(offset),
  };
}

/** yaml's full reading: the syntax tree with positions, syntax errors and warnings, every limit. */
function parseFully(text: string, uri: string): ParsedText {
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col, offset };
  };
  const rangeOf = (start: number, end: number): SourceRange => ({ start: position(start), end: position(end) });
  // yaml's parser builds the syntax tree without recursion; its composer recurses per level, so
  // the depth is checked in between (DECISIONS D38).
  const parsedTokens = parseTokens(text, lineCounter.addNewLine, MAX_NESTING_DEPTH);
  if ('crossedAt' in parsedTokens) return tooDeepText(text, uri, rangeOf(parsedTokens.crossedAt, parsedTokens.crossedAt), position);
  const depth = measureTokenDepth(parsedTokens.tokens, MAX_NESTING_DEPTH);
  if (depth.crossedAt !== undefined) return tooDeepText(text, uri, rangeOf(depth.crossedAt, depth.crossedAt), position);
  const document = composeDocument(parsedTokens.tokens, text.length);

  const diagnostics: Diagnostic[] = [];
  for (const error of document.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    diagnostics.push({
      code: 'syntax',
      severity: 'error',
      message: plainYamlMessage(error.message),
      path: '',
      source: uri,
      range: rangeOf(error.pos[0], error.pos[1]),
    });
  }
  if (document.errors.length > MAX_SYNTAX_ERRORS) {
    const last = document.errors[MAX_SYNTAX_ERRORS]!;
    diagnostics.push({
      code: 'syntax',
      severity: 'error',
      message: `${document.errors.length - MAX_SYNTAX_ERRORS} more syntax errors after this point (fix the first ones, and these often go too)`,
      path: '',
      source: uri,
      range: rangeOf(last.pos[0], last.pos[0]),
    });
  }
  for (const warning of document.warnings) {
    diagnostics.push({
      code: 'syntax',
      severity: 'warning',
      message: plainYamlMessage(warning.message),
      path: '',
      source: uri,
      range: rangeOf(warning.pos[0], warning.pos[1]),
    });
  }

  const locate = (path: readonly PathSegment[], part: 'key' | 'value' = 'value'): SourceRange | undefined => {
    const found = findNode(document, path, part);
    return found ? rangeOf(found[0], found[1]) : undefined;
  };
  let data: unknown;
  if (document.errors.length === 0) {
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // Aliases nested in aliases can build a tree too deep for toJS itself (DECISIONS D38).
      const message = error instanceof RangeError ? nestingMessage('through its aliases') : error instanceof Error ? error.message : String(error);
      diagnostics.push({ code: 'syntax', severity: 'error', message, path: '', source: uri, range: rangeOf(0, 0) });
    }
    // An alias puts its anchored tree where it stands: only the data shows how deep that goes.
    const crossing = depth.hasAliases && data !== undefined ? findDataDepthCrossing(data, MAX_NESTING_DEPTH) : undefined;
    if (crossing) {
      data = undefined;
      // The path itself is hundreds of segments long: the range says where, the path stays empty.
      diagnostics.push({ code: 'syntax', severity: 'error', message: nestingMessage('through its aliases'), path: '', source: uri, ...withRange(locate(crossing)) });
    }
  }

  return { uri, text, data, diagnostics, position, locate };
}

/** What yaml's parseDocument does, from tokens already parsed: one document, a second one is an error. */
function composeDocument(tokens: readonly CST.Token[], length: number): Document.Parsed {
  // Duplicate keys are found by findDuplicateKeys: yaml's own check is quadratic in a mapping's size.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, length)) {
    if (!document) {
      document = composed;
    } else {
      document.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(..., forceDoc = true) always yields a document, an empty one for an empty text.
  document!.errors.push(...findDuplicateKeys(document!));
  document!.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  return document!;
}

function nestingMessage(how?: string): string {
  return `the document nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep${how ? ` ${how}` : ''}; Loom reads no deeper (DECISIONS D38)`;
}

function withRange(range: SourceRange | undefined): { range?: SourceRange } {
  return range ? { range } : {};
}

/** A text nested past MAX_NESTING_DEPTH: not composed at all, one error where the limit was crossed. */
function tooDeepText(text: string, uri: string, at: SourceRange, position: (offset: number) => SourcePosition): ParsedText {
  const diagnostic: Diagnostic = { code: 'syntax', severity: 'error', message: nestingMessage(), path: '', source: uri, range: at };
  return { uri, text, data: undefined, diagnostics: [diagnostic], position, locate: () => at };
}

/** Walks the syntax tree along `path`; returns the [start, end) offsets of the best match. */
function findNode(document: Document, path: readonly PathSegment[], part: 'key' | 'value'): [number, number] | undefined {
  let node: unknown = document.contents;
  // An empty document has no node at all: its problems stand at the start of the text.
  let best: [number, number] | undefined = rangeOfNode(node) ?? [0, 0];
  for (let index = 0; index < path.length; index++) {
    const segment = path[index]!;
    if (isAlias(node)) node = node.resolve(document);
    let next: unknown;
    let key: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair) {
        key = pair.key;
        next = pair.value;
      }
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined && key === undefined) return best;
    const last = index === path.length - 1;
    best = (last && part === 'key' && key !== undefined ? rangeOfNode(key) : rangeOfNode(next)) ?? rangeOfNode(key) ?? best;
    node = next;
  }
  return best;
}

function rangeOfNode(node: unknown): [number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** yaml's messages end with a code excerpt when prettyErrors is on; we report positions ourselves. */
function plainYamlMessage(message: string): string {
  const line = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // yaml quotes the offending token, which can be a whole paragraph: keep the start of it.
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function binaryText(text: string, uri: string, nul: number): ParsedText {
  const position = (offset: number): SourcePosition => {
    let line = 1;
    let lineStart = 0;
    for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
      line++;
      lineStart = index + 1;
    }
    return { line, column: offset - lineStart + 1, offset };
  };
  const at = position(nul);
  const diagnostic: Diagnostic = {
    code: 'syntax',
    severity: 'error',
    message: 'not a YAML or JSON text: the file holds binary data (a NUL byte)',
    path: '',
    source: uri,
    range: { start: at, end: at },
  };
  return { uri, text, data: undefined, diagnostics: [diagnostic], position, locate: () => ({ start: at, end: at }) };
}

/** Convenience for building a diagnostic located at a path of a parsed text. */
export function diagnosticAt(
  parsed: ParsedText,
  path: readonly PathSegment[],
  fields: Omit<Diagnostic, 'path' | 'source' | 'range'>,
  part: 'key' | 'value' = 'value',
): Diagnostic {
  const range = parsed.locate(path, part);
  return { ...fields, path: toPointer(path), source: parsed.uri, ...(range ? { range } : {}) };
}
