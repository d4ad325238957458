import { isDeepStrictEqual } from 'node:util';
import { Composer, CST, isAlias, isCollection, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Diagnostic, DiagnosticFix } from '../diagnostics.js';
import { getAtPath, isArrayIndex, parsePointer } from '@loom/expressions/internal';
import { MAX_NESTING_DEPTH, measureTokenDepth, parseTokens } from '../document/nesting-depth.js';
import { rewriteScalar, type ScalarToken } from './scalar-source.js';
import { applyEdits, composeEdits } from './value-edits.js';

/** A diagnostic that carries its certain correction. */
export type FixableDiagnostic = Diagnostic & { readonly fix: DiagnosticFix };

/** A fix {@link applyFixes} did not make, and why (DECISIONS D49). */
export interface SkippedFix {
  readonly diagnostic: FixableDiagnostic;
  /** Why the fix was left out, in plain words ("the value is reached through the alias *base"). */
  readonly reason: string;
}

/** What {@link applyFixes} returns: the new text, the fixes made and the fixes left out. */
export interface FixResult {
  /** The text with the fixes applied; the same string when none was. */
  readonly text: string;
  /** The diagnostics whose fix is in `text`, in the order given. */
  readonly applied: readonly FixableDiagnostic[];
  readonly skipped: readonly SkippedFix[];
}

/** Aliases expand this many times at most, as when loading (parse-text.ts), so a YAML "billion laughs" stays small. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Applies the `fix` of each diagnostic to `text`, the YAML or JSON document the
 * diagnostics were found in (pass only that document's diagnostics). Each fix edits
 * the string value at its diagnostic's `path`; only that value's characters in the
 * text change: comments, key order, quoting style, indentation and line breaks stay
 * byte for byte. Fixes of one value compose; of two overlapping fixes the first
 * stands. A value reached through an alias is left alone (its anchor is what to fix).
 * Diagnostics without a fix are ignored. The result is checked by reading it again:
 * a rewrite that would change any other value is not made (DECISIONS D49).
 */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): FixResult {
  const fixable = diagnostics.filter((diagnostic): diagnostic is FixableDiagnostic => diagnostic.fix !== undefined);
  if (fixable.length === 0) return { text, applied: [], skipped: [] };
  const tree = composeForEditing(text);
  if (typeof tree === 'string') return { text, applied: [], skipped: fixable.map((diagnostic) => ({ diagnostic, reason: tree })) };

  const skipped: SkippedFix[] = [];
  const rewrites: ValueRewrite[] = [];
  for (const [pointer, group] of groupByPath(fixable)) {
    const target = findStringScalar(tree.document, pointer);
    if (typeof target === 'string') {
      skipped.push(...group.map((diagnostic) => ({ diagnostic, reason: target })));
      continue;
    }
    const { accepted, rejected } = composeEdits(target.value, group);
    skipped.push(...rejected.map(({ item, reason }) => ({ diagnostic: item, reason })));
    if (accepted.length === 0) continue;
    const value = applyEdits(target.value, accepted.map((diagnostic) => diagnostic.fix));
    if (value === target.value) {
      skipped.push(...accepted.map((diagnostic) => ({ diagnostic, reason: 'the value already reads so' })));
      continue;
    }
    rewrites.push({ pointer, diagnostics: accepted, token: target.token, inFlow: target.inFlow, value });
  }

  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  let kept = rewrites;
  // Twice at most: a rewrite found to change how the document reads is dropped, and the rest written again.
  for (let attempt = 0; attempt < 2 && kept.length > 0; attempt++) {
    const written = spliceRewrites(text, kept, lineBreak);
    const wrong = typeof written === 'string' ? misreadRewrites(written, tree.data, kept) : kept;
    if (typeof written === 'string' && wrong.length === 0) {
      const applied = new Set(kept.flatMap((rewrite) => rewrite.diagnostics));
      return { text: written, applied: fixable.filter((diagnostic) => applied.has(diagnostic)), skipped: sortLike(fixable, skipped) };
    }
    const dropped = wrong.length > 0 ? wrong : kept;
    for (const rewrite of dropped) {
      skipped.push(...rewrite.diagnostics.map((diagnostic) => ({ diagnostic, reason: 'the value could not be rewritten in place without changing how the document reads' })));
    }
    kept = kept.filter((rewrite) => !dropped.includes(rewrite));
  }
  for (const rewrite of kept) skipped.push(...rewrite.diagnostics.map((diagnostic) => ({ diagnostic, reason: 'the value could not be rewritten in place without changing how the document reads' })));
  return { text, applied: [], skipped: sortLike(fixable, skipped) };
}

interface ValueRewrite {
  readonly pointer: string;
  readonly diagnostics: readonly FixableDiagnostic[];
  readonly token: ScalarToken;
  readonly inFlow: boolean;
  readonly value: string;
}

interface EditableTree {
  readonly document: Document.Parsed;
  readonly data: unknown;
}

/** The document with each node's concrete syntax token kept (yaml's `keepSourceTokens`), or why it cannot be edited. */
function composeForEditing(text: string): EditableTree | string {
  // Composing recurses per level: the depth is checked first, as when loading (DECISIONS D38).
  const parsed = parseTokens(text, () => {}, MAX_NESTING_DEPTH);
  if ('crossedAt' in parsed || measureTokenDepth(parsed.tokens, MAX_NESTING_DEPTH).crossedAt !== undefined) {
    return `the document nests more than ${MAX_NESTING_DEPTH} levels deep`;
  }
  const documents = [...new Composer({ keepSourceTokens: true }).compose(parsed.tokens, true, text.length)];
  const document = documents[0];
  if (documents.length !== 1 || !document || document.errors.length > 0) return 'the document has syntax errors; fix them first';
  try {
    return { document, data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    return 'the document cannot be read as data (its aliases expand too far)';
  }
}

function groupByPath(diagnostics: readonly FixableDiagnostic[]): Map<string, FixableDiagnostic[]> {
  const groups = new Map<string, FixableDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    const group = groups.get(diagnostic.path);
    if (group) group.push(diagnostic);
    else groups.set(diagnostic.path, [diagnostic]);
  }
  return groups;
}

/** The string scalar at `pointer`, with its token; or why there is none to rewrite. */
function findStringScalar(document: Document.Parsed, pointer: string): { token: ScalarToken; value: string; inFlow: boolean } | string {
  const path = parsePointer(pointer);
  if (path === undefined) return `'${pointer}' is not a JSON Pointer`;
  if (path.length === 0) return 'the document itself is not a string value to edit';
  let node: unknown = document.contents;
  let inFlow = false;
  for (const segment of path) {
    if (isAlias(node)) return aliasReason(node.source);
    if (isCollection(node) && node.flow) inFlow = true;
    if (isMap(node)) {
      node = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === segment)?.value;
    } else if (isSeq(node) && isArrayIndex(segment)) {
      node = node.items[Number(segment)];
    } else {
      node = undefined;
    }
    if (node === undefined || node === null) return `there is no value at ${pointer} in the text`;
  }
  if (isAlias(node)) return aliasReason(node.source);
  if (!isScalar(node) || typeof node.value !== 'string') return `the value at ${pointer} is not a string`;
  const token = node.srcToken;
  if (token === undefined || !isScalarToken(token)) return `the value at ${pointer} is not a string`;
  return { token, value: node.value, inFlow };
}

function aliasReason(anchor: string): string {
  return `the value is reached through the alias *${anchor}; fix the value where &${anchor} is defined`;
}

function isScalarToken(token: CST.Token): token is ScalarToken {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar' || token.type === 'block-scalar';
}

/** The text with each rewritten token's characters replaced; undefined when a token's text is not where the tree says. */
function spliceRewrites(text: string, rewrites: readonly ValueRewrite[], lineBreak: '\n' | '\r\n'): string | undefined {
  const splices = rewrites.map((rewrite) => {
    const original = CST.stringify(rewrite.token);
    return { start: rewrite.token.offset, end: rewrite.token.offset + original.length, original, text: rewriteScalar(rewrite.token, rewrite.value, rewrite.inFlow, lineBreak) };
  });
  if (splices.some(({ start, end, original }) => text.slice(start, end) !== original)) return undefined;
  splices.sort((a, b) => b.start - a.start);
  let result = text;
  for (const splice of splices) result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  return result;
}

/**
 * The rewrites the new text does not read back as intended. The whole document is
 * compared: a rewrite must change its own value and nothing else.
 */
function misreadRewrites(written: string, before: unknown, rewrites: readonly ValueRewrite[]): ValueRewrite[] {
  const tree = composeForEditing(written);
  if (typeof tree === 'string') return [...rewrites];
  const wrong = rewrites.filter((rewrite) => getAtPath(tree.data, parsePointer(rewrite.pointer)!) !== rewrite.value);
  if (wrong.length > 0) return wrong;
  const expected = structuredClone(before);
  for (const rewrite of rewrites) setAtPath(expected, parsePointer(rewrite.pointer)!, rewrite.value);
  return isDeepStrictEqual(expected, tree.data) ? [] : [...rewrites];
}

function setAtPath(data: unknown, path: readonly string[], value: string): void {
  let node = data as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
}

function sortLike(order: readonly FixableDiagnostic[], skipped: readonly SkippedFix[]): SkippedFix[] {
  const rank = new Map(order.map((diagnostic, index) => [diagnostic, index]));
  return [...skipped].sort((a, b) => rank.get(a.diagnostic)! - rank.get(b.diagnostic)!);
}
