import { getAtPath, isRecord, parsePointer, readOperationPath, toPointer } from '@loom/expressions/internal';
import type { DiagnosticFix } from '../diagnostics.js';
import { nearestName } from './nearest-name.js';
import { HTTP_METHODS } from './operation-index.js';
import { fragmentToPath } from './ref-target.js';
import type { OpenApiOperation, OpenApiSource } from './types.js';

/**
 * Finds the operation a step calls (Arazzo 1.0.1 §Step Object `operationId`,
 * `operationPath`). Forms accepted:
 * - `getPet` (bare; with several OpenAPI sources it must be unique and gets a warning),
 * - `$sourceDescriptions.petStore.getPet`,
 * - `{$sourceDescriptions.petStore.url}#/paths/~1pets~1{petId}/get` (fragment may be percent-encoded),
 * - Redocly's `$sourceDescriptions.petStore#/paths/~1pets/get`, with a warning from validation (DECISIONS D24).
 */

export interface OperationReference {
  readonly operationId?: string;
  readonly operationPath?: string;
}

export interface OperationProblem {
  readonly code: string;
  readonly message: string;
  /** The certain correction of the written operationId / operationPath, when there is one. */
  readonly fix?: DiagnosticFix;
}

export type OperationResolution =
  | { readonly operation: OpenApiOperation; readonly warning?: OperationProblem; readonly error?: undefined }
  | { readonly error: OperationProblem; readonly operation?: undefined };

const QUALIFIED_PREFIX = '$sourceDescriptions.';
const OPERATION_PATH = /^\{?\$sourceDescriptions\.(.+?)\.url\}?(?:#(.*))?$/s;

/**
 * @param sources the OpenAPI sources that loaded, by name. Leave out a source that failed
 *   to load and skip steps that name it, or they will report `operation-source-unknown` as well.
 * @param allSourceNames every source description name in the Arazzo document (arazzo ones too),
 *   so that naming an arazzo source reads differently from naming no source at all.
 */
export function resolveOperationReference(
  reference: OperationReference,
  sources: ReadonlyMap<string, OpenApiSource>,
  allSourceNames: readonly string[],
): OperationResolution {
  if (reference.operationId !== undefined) return resolveOperationId(reference.operationId, sources, allSourceNames);
  if (reference.operationPath !== undefined) return resolveOperationPath(reference.operationPath, sources, allSourceNames);
  return { error: { code: 'operation-unresolved', message: 'the step names no operationId or operationPath' } };
}

function resolveOperationId(operationId: string, sources: ReadonlyMap<string, OpenApiSource>, allSourceNames: readonly string[]): OperationResolution {
  if (operationId.startsWith(QUALIFIED_PREFIX)) {
    const rest = operationId.slice(QUALIFIED_PREFIX.length);
    const sourceName = longestSourcePrefix(rest, [...allSourceNames, ...sources.keys()]) ?? rest.split('.')[0]!;
    const id = rest.slice(sourceName.length + 1);
    const source = sources.get(sourceName);
    if (!source) return { error: sourceProblem(sourceName, sources, allSourceNames) };
    if (id === '') return { error: { code: 'operation-unresolved', message: `'${operationId}' names no operation: write ${QUALIFIED_PREFIX}${sourceName}.<operationId>` } };
    const operation = source.operationsById.get(id);
    if (operation) return callable(operation);
    let message = `operationId '${id}' is not defined in source description '${sourceName}'`;
    const elsewhere = [...sources.values()].filter((other) => other.operationsById.has(id)).map((other) => other.name);
    if (elsewhere.length > 0) message += `; it is in ${elsewhere.map((other) => `'${other}'`).join(', ')}: write ${qualified(elsewhere[0]!, id)}`;
    else message += suggestion(id, source.operationsById.keys());
    return { error: { code: 'operation-unresolved', message } };
  }

  const found = [...sources.values()].filter((source) => source.operationsById.has(operationId));
  if (found.length === 0) {
    const names = [...sources.keys()];
    const where = names.length === 1 ? `source description '${names[0]}'` : `any source description (${names.map((n) => `'${n}'`).join(', ') || 'none loaded'})`;
    const allIds = [...sources.values()].flatMap((source) => [...source.operationsById.keys()]);
    return { error: { code: 'operation-unresolved', message: `operationId '${operationId}' is not defined in ${where}${suggestion(operationId, allIds)}` } };
  }
  if (found.length > 1) {
    const names = found.map((source) => source.name);
    return {
      error: {
        code: 'operation-ambiguous',
        message: `operationId '${operationId}' is defined in several source descriptions (${names.map((n) => `'${n}'`).join(', ')}): write ${names.map((n) => qualified(n, operationId)).join(' or ')}`,
      },
    };
  }
  const source = found[0]!;
  const operation = source.operationsById.get(operationId)!;
  if (operation.problem) return callable(operation);
  if (sources.size > 1) {
    // Arazzo 1.0.1 §Step Object: with several openapi sources the operationId MUST be qualified.
    // Loom resolves a unique bare id anyway (documents in the wild rely on it) and warns.
    // Only one of the sources given has the id, so qualifying it is certain (loom fix).
    const written = qualified(source.name, operationId);
    return {
      operation,
      warning: {
        code: 'operation-unqualified',
        message: `operationId '${operationId}' should name its source when there are several OpenAPI source descriptions (Arazzo 1.0.1 §Step Object): write ${written}`,
        fix: { description: `write ${written}`, start: 0, end: operationId.length, text: written },
      },
    };
  }
  return { operation };
}

function resolveOperationPath(operationPath: string, sources: ReadonlyMap<string, OpenApiSource>, allSourceNames: readonly string[]): OperationResolution {
  // DECISIONS D24: Redocly's `$sourceDescriptions.<name>#/paths/...` is read as the spec form its fix writes.
  const reading = readOperationPath(operationPath);
  const spec = reading.ok && reading.fix ? operationPath.slice(0, reading.fix.start) + reading.fix.text + operationPath.slice(reading.fix.end) : operationPath;
  const match = OPERATION_PATH.exec(spec.trim());
  if (!match) {
    return {
      error: {
        code: 'operation-path-unresolved',
        message: `operationPath '${operationPath}' does not name a source description: write {$sourceDescriptions.<name>.url}#/paths/<escaped path>/<method>, e.g. {$sourceDescriptions.petStore.url}#/paths/~1pets~1{petId}/get`,
      },
    };
  }
  const sourceName = match[1]!;
  const fragment = match[2];
  const source = sources.get(sourceName);
  if (!source) return { error: sourceProblem(sourceName, sources, allSourceNames) };
  const base = `{$sourceDescriptions.${sourceName}.url}`;
  if (fragment === undefined || fragment === '') {
    return { error: { code: 'operation-path-unresolved', message: `operationPath '${operationPath}' has no JSON Pointer after '#': write ${base}#/paths/<escaped path>/<method>` } };
  }
  const segments = fragmentToPath(fragment) ?? fragmentToPath(fragment.startsWith('/') ? fragment : '/' + fragment);
  // Percent-decoding comes first (RFC 6901 §6); a path that really contains '%' is tried as written too.
  const candidates = [segments, fragment.startsWith('/') ? parsePointer(fragment) : undefined];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const operation = source.operationsByPointer.get(toPointer(candidate));
    if (operation) return callable(operation);
  }
  const path = segments ?? [];
  const target = getAtPath(source.document, path);
  const shown = `operationPath '${operationPath}'`;

  if (path.length === 2 && path[0] === 'paths' && isRecord(target)) {
    const method = HTTP_METHODS.find((m) => isRecord(target[m])) ?? 'get';
    const example = `${base}#${toPointer(['paths', path[1]!, method])}`;
    return {
      error: { code: 'operation-path-not-operation', message: `${shown} points at a Path Item, not an operation: add the method, e.g. ${example}` },
    };
  }
  if (target !== undefined) {
    return {
      error: { code: 'operation-path-not-operation', message: `${shown} points at ${toPointer(path) || 'the document root'} in '${sourceName}', which is not an operation under /paths` },
    };
  }
  return { error: { code: 'operation-path-unresolved', message: `${shown} points at nothing in source description '${sourceName}'${pathHint(path, source, base)}` } };
}

/** DECISIONS D42: an operation found but not callable is an error at the step that names it. */
function callable(operation: OpenApiOperation): OperationResolution {
  return operation.problem ? { error: operation.problem } : { operation };
}

/** Suggests the operation the author probably meant: an unescaped `/`, a method in capitals, a near path. */
function pathHint(path: readonly string[], source: OpenApiSource, base: string): string {
  if (path[0] !== 'paths' || path.length < 3) return '';
  const method = path[path.length - 1]!.toLowerCase();
  const written = ('/' + path.slice(1, -1).join('/')).replace(/\/+/g, '/');
  const exact = [...source.operations].find((op) => op.method === method && op.path === written);
  if (exact) return `; did you mean ${base}#${exact.pointer}? ('/' inside the path is written ~1, and the method in lower case)`;
  const near = nearestName(`${method} ${written}`, source.operations.map((op) => `${op.method} ${op.path}`));
  const nearOperation = near === undefined ? undefined : source.operations.find((op) => `${op.method} ${op.path}` === near);
  return nearOperation ? `; did you mean ${base}#${nearOperation.pointer}?` : '';
}

function sourceProblem(sourceName: string, sources: ReadonlyMap<string, OpenApiSource>, allSourceNames: readonly string[]) {
  if (allSourceNames.includes(sourceName)) {
    return {
      code: 'operation-source-unknown',
      message: `'${QUALIFIED_PREFIX}${sourceName}' is not an OpenAPI source description; operations come from openapi sources (${[...sources.keys()].map((n) => `'${n}'`).join(', ') || 'none'})`,
    };
  }
  const known = [...new Set([...allSourceNames, ...sources.keys()])];
  const near = nearestName(sourceName, known);
  return {
    code: 'operation-source-unknown',
    message: `'${QUALIFIED_PREFIX}${sourceName}' names no source description${near ? `; did you mean '${near}'?` : known.length > 0 ? ` (the source descriptions are ${known.map((n) => `'${n}'`).join(', ')})` : ''}`,
  };
}

/** Source names may not contain '.', operationIds may; still, prefer a declared name that matches. */
function longestSourcePrefix(rest: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of names) if (rest.startsWith(name + '.') && (best === undefined || name.length > best.length)) best = name;
  return best;
}

function qualified(sourceName: string, operationId: string): string {
  return `${QUALIFIED_PREFIX}${sourceName}.${operationId}`;
}

function suggestion(wanted: string, candidates: Iterable<string>): string {
  const near = nearestName(wanted, candidates);
  return near === undefined ? '' : `; did you mean '${near}'?`;
}
