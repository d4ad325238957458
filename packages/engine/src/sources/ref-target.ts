import { getAtPath, isRecord, parsePointer, type PathSegment, toPointer } from '@loom/expressions/internal';
import type { ParsedText } from '../document/parse-text.js';
import { nearestName } from './nearest-name.js';
import type { CachedDocument } from './source-cache.js';
import { baseUrlOf } from './base-uri.js';
import { displayUrl, referenceRefusal, resolveUrl, splitFragment } from './urls.js';

/** Where a `$ref` points: the document it is in, the path inside it, and the value there. */
export interface RefTarget {
  readonly parsed: ParsedText;
  readonly path: readonly string[];
  readonly value: unknown;
  /** `<document URL>#<pointer>`, the same for every `$ref` spelling of one target. */
  readonly key: string;
}

/** Values under these keys are literal data, never Reference Objects. */
export const LITERAL_KEYS: ReadonlySet<string> = new Set(['example', 'enum', 'const']);

/** Why a `$ref` has no target; `refused` when DECISIONS D25 forbids following it (rule `reference-not-allowed`). */
export interface RefProblem {
  readonly reason: string;
  readonly refused?: true;
}

/** Finds the target of `ref` written in the document `from`; a reason in words when there is none. */
export function locateRef(ref: string, from: ParsedText, documents: ReadonlyMap<string, CachedDocument>): RefTarget | RefProblem {
  let target: string;
  try {
    target = resolveUrl(ref, baseUrlOf(from));
  } catch {
    return { reason: `'${ref}' is not a valid URL reference` };
  }
  // DECISIONS D25 looks at where the document was read from, whatever its `$self` says.
  const refusal = referenceRefusal(target, from.uri);
  if (refusal !== undefined) return { reason: refusal, refused: true };
  const { documentUrl, fragment } = splitFragment(target);
  const cached = documents.get(documentUrl);
  if (!cached?.parsed) return { reason: cached?.error.message ?? `cannot read ${displayUrl(documentUrl)}` };
  const parsed = cached.parsed;
  if (parsed.data === undefined) return { reason: `${displayUrl(parsed.uri)} could not be parsed` };
  const path = fragmentToPath(fragment ?? '');
  if (path === undefined) return { reason: `'#${fragment}' is not a JSON Pointer (only JSON Pointer fragments are supported)` };
  const value = getAtPath(parsed.data, path);
  if (value === undefined) return { reason: missingTargetReason(parsed, path) };
  return { parsed, path, value, key: parsed.uri + '#' + toPointer(path) };
}

/**
 * OpenAPI / JSON Schema fields whose keys are names the author chose (a schema property, a header, a
 * component), so an `x-` key under them is a name like any other, not a Specification Extension.
 * Under `components` every fixed field is such a map (OpenAPI §Components Object).
 */
const NAME_MAPS: ReadonlySet<string> = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'headers', 'content', 'links', 'examples', 'encoding', 'variables', 'webhooks', 'callbacks', 'mapping', 'scopes', 'additionalOperations']);

/** Whether the object at `path` (inside its document) is a map of names rather than an object with fields. */
export function isNameMap(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  return (typeof last === 'string' && NAME_MAPS.has(last)) || (path.length === 2 && path[0] === 'components');
}

/**
 * Whether the value under `key` of an object may hold Reference Objects: literal values never do, nor does a
 * Specification Extension (OpenAPI §Specification Extensions: an `x-` field of an object that may be extended
 * is the extension's own data, so a `$ref` in it is not an OpenAPI reference). Maps of names are not extended.
 */
export function holdsReferences(key: string, inNameMap: boolean): boolean {
  return !LITERAL_KEYS.has(key) && (inNameMap || !key.startsWith('x-'));
}

/**
 * Calls `visit` for every `$ref` string in `node`, outside literal values and Specification Extensions, in
 * document order; `at` is where `node` is in its document. Iterative: data can be deep.
 */
export function forEachRef(node: unknown, visit: (ref: string) => void, at: readonly PathSegment[] = []): void {
  // Only the last two segments and the depth decide whether an object is a name map (isNameMap).
  const pending: { node: unknown; key: PathSegment | undefined; parentKey: PathSegment | undefined; depth: number }[] = [
    { node, key: at[at.length - 1], parentKey: at[at.length - 2], depth: at.length },
  ];
  while (pending.length > 0) {
    const { node: current, key, parentKey, depth } = pending.pop()!;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push({ node: current[index], key: index, parentKey: key, depth: depth + 1 });
    } else if (isRecord(current)) {
      if (typeof current['$ref'] === 'string') visit(current['$ref']);
      const nameMap = isNameMap(depth === 2 ? [parentKey!, key!] : key === undefined ? [] : [key]);
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [child, value] = entries[index]!;
        if (holdsReferences(child, nameMap)) pending.push({ node: value, key: child, parentKey: key, depth: depth + 1 });
      }
    }
  }
}

/** RFC 6901 §6: a URI fragment is percent-decoded, then read as a JSON Pointer. */
export function fragmentToPath(fragment: string): string[] | undefined {
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    // A stray '%' in a fragment: read it as written.
  }
  return parsePointer(decoded);
}

function missingTargetReason(parsed: ParsedText, path: readonly string[]): string {
  let reason = `nothing at #${toPointer(path)} in ${displayUrl(parsed.uri)}`;
  const parent = getAtPath(parsed.data, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last !== undefined && isRecord(parent)) {
    const near = nearestName(last, Object.keys(parent));
    if (near !== undefined) reason += `; did you mean '${near}'?`;
  }
  return reason;
}
