import { normalizeMethod } from '../http/method.js';
import { isRecord, toPointer, writeOwn } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import type { ParameterLocation } from '../model/arazzo.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import type { HttpMethod, OpenApiOperation, OpenApiParameter, OpenApiServer } from './types.js';
import { UnresolvedRefFinder } from './unresolved-in.js';

/**
 * Builds the operation index of one OpenAPI document (already `$ref`-resolved): every
 * Operation Object under `paths` with what a request needs, so a run never looks an
 * operation up again. Webhooks and callbacks are not operations a step can call.
 */

/** OpenAPI §Path Item Object: the fixed fields that hold operations, in spec order (`query` is OpenAPI 3.2's). */
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'];
const PARAMETER_LOCATIONS: ReadonlySet<string> = new Set<ParameterLocation>(['path', 'query', 'header', 'cookie', 'querystring']);

export interface OperationIndex {
  readonly operations: OpenApiOperation[];
  readonly operationsById: Map<string, OpenApiOperation>;
  readonly operationsByPointer: Map<string, OpenApiOperation>;
  readonly diagnostics: Diagnostic[];
}

/**
 * @param unresolved the `{ $ref }` objects the resolver could not resolve (DECISIONS D42): an operation
 *   holding one gets a `problem`.
 */
export function indexOperations(
  sourceName: string,
  sourceUrl: string,
  document: Record<string, unknown>,
  parsed: ParsedText,
  unresolved: ReadonlyMap<object, string> = new Map(),
): OperationIndex {
  const index: OperationIndex = { operations: [], operationsById: new Map(), operationsByPointer: new Map(), diagnostics: [] };
  const paths = document['paths'];
  if (!isRecord(paths)) return index;
  const documentServers = readServers(document['servers']);
  const documentSecurity = readSecurity(document['security']);
  const finder = new UnresolvedRefFinder(unresolved);

  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isRecord(pathItem)) continue;
    const pathServers = readServers(pathItem['servers']);
    const pathParameters = readParameters(pathItem['parameters']);
    for (const [method, operation, at] of operationsOf(pathItem)) {
      const operationServers = readServers(operation['servers']);
      const security = readSecurity(operation['security']) ?? documentSecurity;
      const requestBody = operation['requestBody'];
      const operationId = typeof operation['operationId'] === 'string' ? operation['operationId'] : undefined;
      const pointer = toPointer(['paths', path, ...at]);
      const problem = operationProblem(finder, pathItem['parameters'], operation, `${method.toUpperCase()} ${path}`);
      const entry: OpenApiOperation = {
        sourceName,
        sourceUrl,
        path,
        method,
        ...(operationId !== undefined ? { operationId } : {}),
        pointer,
        operation,
        parameters: mergeParameters(pathParameters, readParameters(operation['parameters'])),
        ...(isRecord(requestBody) ? { requestBody } : {}),
        // DECISIONS D18: the operation's servers, else the path item's, else the document's.
        servers: operationServers.length > 0 ? operationServers : pathServers.length > 0 ? pathServers : documentServers,
        ...(security !== undefined ? { security } : {}),
        ...(problem !== undefined ? { problem } : {}),
      };
      index.operations.push(entry);
      index.operationsByPointer.set(pointer, entry);
      if (operationId === undefined) continue;
      const first = index.operationsById.get(operationId);
      if (first) {
        // OpenAPI §Operation Object: operationId MUST be unique among all operations. The first one wins.
        index.diagnostics.push(
          diagnosticAt(parsed, ['paths', path, ...at, 'operationId'], {
            code: 'openapi-operation-id-duplicate',
            severity: 'warning',
            message: `operationId '${operationId}' is used by ${method.toUpperCase()} ${path} and already by ${first.method.toUpperCase()} ${first.path}; steps naming it get ${first.method.toUpperCase()} ${first.path}`,
          }),
        );
      } else {
        index.operationsById.set(operationId, entry);
      }
    }
  }
  return index;
}

/**
 * The operations of a Path Item: its fixed method fields, then (OpenAPI 3.2) its `additionalOperations`,
 * keyed by the method as written, each with its path inside the Path Item.
 */
/**
 * The method a request for `operation` sends: a Path Item field's name upper-cased (`get` -> `GET`), an
 * OpenAPI 3.2 `additionalOperations` key exactly as written (OpenAPI 3.2 §Path Item Object: the key is
 * the method as sent; RFC 9110 §9.1: methods are case-sensitive).
 */
export function requestMethod(operation: Pick<OpenApiOperation, 'method'>): string {
  return normalizeMethod(operation.method);
}

function operationsOf(pathItem: Record<string, unknown>): [string, Record<string, unknown>, string[]][] {
  const found: [string, Record<string, unknown>, string[]][] = [];
  for (const method of HTTP_METHODS) {
    const operation = pathItem[method];
    if (isRecord(operation)) found.push([method, operation, [method]]);
  }
  const additional = pathItem['additionalOperations'];
  if (isRecord(additional)) {
    for (const [method, operation] of Object.entries(additional)) {
      // OpenAPI 3.2 §Path Item Object: the key is the method name; a fixed field's method may not be repeated here.
      if (isRecord(operation) && HTTP_TOKEN.test(method) && !(HTTP_METHODS as readonly string[]).includes(method.toLowerCase())) {
        found.push([method, operation, ['additionalOperations', method]]);
      }
    }
  }
  return found;
}

/** RFC 9110 §9.1: a method is a token. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Why no step can call the operation (DECISIONS D42), or undefined. A required OpenAPI 3.2 `in: querystring`
 * parameter is not one: whether a step can give it depends on the step (DECISIONS D43, validation).
 */
function operationProblem(finder: UnresolvedRefFinder, pathParameters: unknown, operation: Record<string, unknown>, shown: string): OpenApiOperation['problem'] {
  const unresolved = finder.find(pathParameters) ?? finder.find(operation);
  if (unresolved !== undefined) return { code: 'operation-ref-unresolved', message: `the operation ${shown} cannot be called: ${unresolved}` };
  return undefined;
}

/**
 * OpenAPI §Operation Object `parameters`: path-level parameters apply to every operation;
 * an operation parameter with the same name and location overrides one (header names
 * compare case-insensitively, as HTTP does). Entries that are not usable Parameter
 * Objects (e.g. an unresolved `$ref`, reported already) are skipped.
 */
function mergeParameters(pathLevel: readonly OpenApiParameter[], operationLevel: readonly OpenApiParameter[]): OpenApiParameter[] {
  const merged = new Map<string, OpenApiParameter>();
  for (const parameter of [...pathLevel, ...operationLevel]) merged.set(parameterKey(parameter), parameter);
  return [...merged.values()];
}

function parameterKey(parameter: OpenApiParameter): string {
  return `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}

function readParameters(value: unknown): OpenApiParameter[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (parameter): parameter is OpenApiParameter =>
      isRecord(parameter) && typeof parameter['name'] === 'string' && PARAMETER_LOCATIONS.has(parameter['in'] as string),
  );
}

function readServers(value: unknown): OpenApiServer[] {
  if (!Array.isArray(value)) return [];
  const servers: OpenApiServer[] = [];
  for (const server of value) {
    if (!isRecord(server) || typeof server['url'] !== 'string') continue;
    const variables: Record<string, { default: unknown; enum?: string[] }> = {};
    if (isRecord(server['variables'])) {
      for (const [name, variable] of Object.entries(server['variables'])) {
        if (!isRecord(variable) || variable['default'] === undefined) continue;
        const enumValues = Array.isArray(variable['enum']) ? variable['enum'].map(String) : undefined;
        // DECISIONS D30: a variable named `__proto__` is a variable like any other. The default is kept as
        // written: request/url.ts decides what may go into a URL (DECISIONS D37).
        writeOwn(variables, name, { default: variable['default'], ...(enumValues ? { enum: enumValues } : {}) });
      }
    }
    servers.push({
      url: server['url'],
      ...(typeof server['description'] === 'string' ? { description: server['description'] } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    });
  }
  return servers;
}

/** `security: []` on an operation removes the document's requirements, so an empty list is kept. */
function readSecurity(value: unknown): Record<string, string[]>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((requirement) => {
    const scopes: Record<string, string[]> = {};
    for (const [scheme, list] of Object.entries(requirement)) writeOwn(scopes, scheme, Array.isArray(list) ? list.map(String) : []);
    return scopes;
  });
}
