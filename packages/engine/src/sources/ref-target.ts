import { getAtPath, parsePointer, toPointer } from '../json-pointer.js';
import type { ParsedText } from '../loader/parse-text.js';
import { nearestName } from './nearest-name.js';
import type { CachedDocument } from './source-cache.js';
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

/** Finds the target of `ref` written in the document at `baseUrl`; a reason in words when there is none. */
export function locateRef(ref: string, baseUrl: string, documents: ReadonlyMap<string, CachedDocument>): RefTarget | RefProblem {
  let target: string;
  try {
    target = resolveUrl(ref, baseUrl);
  } catch {
    return { reason: `'${ref}' is not a valid URL reference` };
  }
  const refusal = referenceRefusal(target, baseUrl);
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

/** Calls `visit` for every `$ref` string in `node`, outside literal values, in document order. Iterative: data can be deep. */
export function forEachRef(node: unknown, visit: (ref: string) => void): void {
  const pending: unknown[] = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push(current[index]);
    } else if (isObject(current)) {
      if (typeof current['$ref'] === 'string') visit(current['$ref']);
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, value] = entries[index]!;
        if (!LITERAL_KEYS.has(key)) pending.push(value);
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
  if (last !== undefined && isObject(parent)) {
    const near = nearestName(last, Object.keys(parent));
    if (near !== undefined) reason += `; did you mean '${near}'?`;
  }
  return reason;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
