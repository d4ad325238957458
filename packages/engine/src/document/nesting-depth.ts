import { Lexer, Parser, type CST } from 'yaml';
import type { PathSegment } from '@loom/expressions/internal';

/**
 * How many levels of objects and arrays a document may nest (DECISIONS D38). yaml's composer,
 * its toJS, ajv and every walk over document data recurse once (or more) per level; past
 * about 800 levels yaml's composer overflows the call stack on its own. The limit is checked
 * once, when a text is parsed, so nothing after the loader ever sees a deeper tree, and it
 * leaves those walks a wide margin. Real documents nest a few dozen levels at most.
 */
export const MAX_NESTING_DEPTH = 500;

/** yaml's lexeme that says the next one is a scalar's text, which is never an indicator. */
const SCALAR_NEXT = '\u001f';

/**
 * yaml's concrete syntax tree of `text`, or the offset of the first `[` / `{` that opens more
 * than `max` flow collections at once. yaml's parser slows down more than linearly on deep
 * flow nesting (6 s for 200,000 `[`), so the lexemes are counted as they are fed to it and a
 * text like that is given up at the first crossing, before the parser has seen the rest.
 */
export function parseTokens(text: string, onNewLine: (offset: number) => void, max: number): { tokens: CST.Token[] } | { crossedAt: number } {
  const parser = new Parser(onNewLine);
  const tokens: CST.Token[] = [];
  // What Parser#parse does first; it is driven lexeme by lexeme here.
  onNewLine(0);
  let flowDepth = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (!scalarText) {
      if (lexeme === '[' || lexeme === '{') {
        if (++flowDepth > max) return { crossedAt: firstCrossing(text.slice(0, parser.offset + 1), max) ?? parser.offset };
      } else if (lexeme === ']' || lexeme === '}') {
        flowDepth--;
      }
    }
    scalarText = lexeme === SCALAR_NEXT;
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/**
 * Block collections above the flow ones count too, so the level limit may have been crossed
 * before the bracket that gave the flow count away: the text up to that bracket is parsed
 * (no deeper than the limit plus one now) to find the first crossing.
 */
function firstCrossing(prefix: string, max: number): number | undefined {
  return measureTokenDepth(Array.from(new Parser().parse(prefix)), max).crossedAt;
}

/** Where the syntax tree first (in text order) nests deeper than `max`, and whether it holds aliases. */
export interface TokenDepth {
  /** The text offset of the first collection at level `max + 1`. */
  readonly crossedAt?: number;
  /** An alias can nest a whole anchored tree under it: then only the data shows the real depth. */
  readonly hasAliases: boolean;
}

/**
 * Measures the nesting of yaml's concrete syntax tree, which yaml's parser builds without
 * recursion, before anything recursive (the composer) runs on it. Iterative: a deep tree must
 * not overflow the stack here either.
 */
export function measureTokenDepth(tokens: readonly CST.Token[], max: number): TokenDepth {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (let index = tokens.length - 1; index >= 0; index--) pending.push({ token: tokens[index]!, depth: 0 });
  let hasAliases = false;
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    switch (token.type) {
      case 'document':
        if (token.value) pending.push({ token: token.value, depth });
        break;
      case 'alias':
        hasAliases = true;
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const level = depth + 1;
        if (level > max) return { crossedAt: token.offset, hasAliases };
        // Reversed, so that items are measured in text order and the first crossing is reported.
        for (let index = token.items.length - 1; index >= 0; index--) {
          const item = token.items[index] as CST.CollectionItem;
          if (item.value) pending.push({ token: item.value, depth: level });
          if (item.key) pending.push({ token: item.key, depth: level });
        }
        break;
      }
      default:
        break;
    }
  }
  return { hasAliases };
}

/**
 * The path of the first value nested deeper than `max` levels in plain data, or undefined.
 * Only needed for data built through YAML aliases; iterative, and it stops at the first crossing.
 */
export function findDataDepthCrossing(data: unknown, max: number): PathSegment[] | undefined {
  interface Entry {
    readonly value: unknown;
    readonly depth: number;
    readonly parent?: Entry;
    readonly key?: PathSegment;
  }
  // Parent links instead of a path per value: a path is built only for the one crossing.
  const pending: Entry[] = [{ value: data, depth: 1 }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const value = entry.value;
    if (value === null || typeof value !== 'object') continue;
    if (entry.depth > max) return pathOf(entry);
    const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index]!;
      if (item !== null && typeof item === 'object') pending.push({ value: item, depth: entry.depth + 1, parent: entry, key });
    }
  }
  return undefined;

  function pathOf(entry: Entry): PathSegment[] {
    const path: PathSegment[] = [];
    for (let at: Entry | undefined = entry; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  }
}
