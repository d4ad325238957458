/**
 * The simulator's contract: the example's own OpenAPI files, read once at start-up.
 * Routes come from their `paths` and request validation from their schemas, each
 * compiled once with ajv, so the simulator serves exactly what the descriptions say.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { toDraft07Document } from './openapi-schema.mjs';

/** ajv-formats is CommonJS; its default export arrives as the module object under NodeNext. */
const addFormats = /** @type {typeof import('ajv-formats').default} */ (
  /** @type {any} */ (addFormatsModule).default ?? addFormatsModule
);

/** The two OpenAPI descriptions, relative to this file. */
export const OPENAPI_FILES = /** @type {const} */ ({
  metering: fileURLToPath(new URL('../openapi/amberflo-metering-openapi.yaml', import.meta.url)),
  billing: fileURLToPath(new URL('../openapi/amberflo-billing-openapi.yaml', import.meta.url)),
});

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * @typedef {import('ajv').ValidateFunction} ValidateFunction
 * @typedef {{ name: string; required: boolean; validate: ValidateFunction | undefined }} QueryParameter
 * @typedef {{
 *   validate: ValidateFunction;
 *   branches: Array<{ jsonType: string | undefined; validate: ValidateFunction }> | undefined;
 * }} BodyValidator
 * @typedef {{
 *   operationId: string;
 *   method: string;
 *   pathTemplate: string;
 *   pattern: RegExp;
 *   pathParameterNames: string[];
 *   queryParameters: QueryParameter[];
 *   body: BodyValidator | undefined;
 *   bodyRequired: boolean;
 *   checkResponse(status: number, body: unknown): string[];
 * }} ContractOperation
 * @typedef {{ operation: ContractOperation; pathParameters: Record<string, string> }} RouteMatch
 * @typedef {{
 *   operations: ContractOperation[];
 *   match(method: string, pathname: string): RouteMatch | { allowed: string[] } | undefined;
 * }} Contract
 */

/**
 * Reads and compiles both OpenAPI files. Throws when a file is missing or does not compile:
 * that is a broken example, not a bad request.
 * @returns {Contract}
 */
export function loadContract() {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  /** @type {ContractOperation[]} */
  const operations = [];
  for (const [name, file] of Object.entries(OPENAPI_FILES)) {
    const document = /** @type {Record<string, any>} */ (toDraft07Document(parse(readFileSync(file, 'utf8'))));
    const documentId = `https://loom.invalid/amberflo/${name}.json`;
    // Only the component schemas are registered, as draft-07 `definitions`: the rest of an
    // OpenAPI document is not JSON Schema. Schema $refs are rewritten to match (see rebase).
    ajv.addSchema({ $id: documentId, definitions: rebase(document['components']?.['schemas'] ?? {}, documentId) });
    operations.push(...readOperations(ajv, document, documentId));
  }
  return { operations, match: (method, pathname) => matchRoute(operations, method, pathname) };
}

/**
 * @param {Ajv} ajv
 * @param {Record<string, any>} document
 * @param {string} documentId
 * @returns {ContractOperation[]}
 */
function readOperations(ajv, document, documentId) {
  /** @type {ContractOperation[]} */
  const operations = [];
  for (const [pathTemplate, pathItem] of Object.entries(document['paths'] ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        resolveLocal(document, parameter),
      );
      const { pattern, names } = compilePathTemplate(pathTemplate);
      const requestBody = operation.requestBody ? resolveLocal(document, operation.requestBody) : undefined;
      const bodySchema = requestBody?.content?.['application/json']?.schema;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        pathTemplate,
        pattern,
        pathParameterNames: names,
        queryParameters: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({
            name: parameter.name,
            required: parameter.required === true,
            validate: parameter.schema ? compileWithin(ajv, documentId, parameter.schema) : undefined,
          })),
        body: bodySchema ? compileBody(ajv, document, documentId, bodySchema) : undefined,
        bodyRequired: requestBody?.required === true,
        checkResponse: responseChecker(ajv, document, documentId, operation.responses ?? {}),
      });
    }
  }
  return operations;
}

/**
 * A body schema that is a `oneOf` of differently typed branches (ingest: one event or an
 * array of them) also gets one validator per branch, so a bad body is reported against
 * the branch of its own JSON type instead of as "must match exactly one schema".
 * @param {Ajv} ajv
 * @param {Record<string, any>} document
 * @param {string} documentId
 * @param {Record<string, any>} schema
 * @returns {BodyValidator}
 */
function compileBody(ajv, document, documentId, schema) {
  const resolved = resolveLocal(document, schema);
  const branches = Array.isArray(resolved.oneOf)
    ? resolved.oneOf.map((/** @type {Record<string, any>} */ branch) => ({
        jsonType: resolveLocal(document, branch).type,
        validate: compileWithin(ajv, documentId, branch),
      }))
    : undefined;
  return { validate: compileWithin(ajv, documentId, schema), branches };
}

/**
 * The simulator never checks its own answers while serving; its tests do, so that what it
 * answers is what the descriptions promise. Compiled on first use, so start-up does not pay.
 * @param {Ajv} ajv
 * @param {Record<string, any>} document
 * @param {string} documentId
 * @param {Record<string, any>} responses the operation's Responses Object
 * @returns {(status: number, body: unknown) => string[]} problems; empty when the answer conforms
 */
function responseChecker(ajv, document, documentId, responses) {
  /** @type {Map<string, ValidateFunction | null>} */
  const compiled = new Map();
  return (status, body) => {
    const key = String(status);
    const response = responses[key] ?? responses[`${key[0]}XX`] ?? responses['default'];
    if (!response) return [`status ${key} is not described`];
    if (!compiled.has(key)) {
      const schema = resolveLocal(document, response).content?.['application/json']?.schema;
      compiled.set(key, schema ? compileWithin(ajv, documentId, schema) : null);
    }
    const validate = compiled.get(key);
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${key} body ${error.instancePath || '(root)'}: ${error.message}`);
  };
}

/**
 * Compiles a schema taken from inside an OpenAPI document, so that its `#/components/...`
 * references resolve against that document's registered components.
 * @param {Ajv} ajv
 * @param {string} documentId
 * @param {unknown} schema
 */
function compileWithin(ajv, documentId, schema) {
  return ajv.compile(rebase(schema, documentId));
}

const COMPONENT_SCHEMA_REF = '#/components/schemas/';

/**
 * Rewrites `#/components/schemas/X` references to `<documentId>#/definitions/X`, where
 * loadContract registers them; schemas refer to nothing else in an OpenAPI document.
 * @param {unknown} value
 * @param {string} documentId
 * @returns {Record<string, unknown>}
 */
function rebase(value, documentId) {
  return /** @type {Record<string, unknown>} */ (
    JSON.parse(JSON.stringify(value), (key, child) => {
      if (key !== '$ref' || typeof child !== 'string') return child;
      if (!child.startsWith(COMPONENT_SCHEMA_REF)) throw new Error(`unsupported schema $ref ${child}`);
      return `${documentId}#/definitions/${child.slice(COMPONENT_SCHEMA_REF.length)}`;
    })
  );
}

/**
 * Follows a local `$ref` (`#/components/...`) to the object it names; anything else is returned as is.
 * @param {Record<string, any>} document
 * @param {Record<string, any>} value
 * @returns {Record<string, any>}
 */
function resolveLocal(document, value) {
  let current = value;
  for (let hops = 0; typeof current?.$ref === 'string' && current.$ref.startsWith('#/'); hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${value.$ref}`);
    const ref = current.$ref;
    current = ref
      .slice(2)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((node, token) => node?.[token], document);
    if (current === undefined) throw new Error(`$ref ${ref} does not resolve`);
  }
  return current;
}

/**
 * `/customers/{customerId}` -> a pattern with one capture per template variable.
 * @param {string} template
 */
function compilePathTemplate(template) {
  /** @type {string[]} */
  const names = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{') && part.endsWith('}')) {
        names.push(part.slice(1, -1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/**
 * @param {ContractOperation[]} operations
 * @param {string} method
 * @param {string} pathname
 * @returns {RouteMatch | { allowed: string[] } | undefined}
 */
function matchRoute(operations, method, pathname) {
  /** @type {string[]} */
  const allowed = [];
  for (const operation of operations) {
    const found = operation.pattern.exec(pathname);
    if (!found) continue;
    if (operation.method !== method) {
      allowed.push(operation.method);
      continue;
    }
    /** @type {Record<string, string>} */
    const pathParameters = {};
    operation.pathParameterNames.forEach((name, index) => {
      pathParameters[name] = decodePathSegment(found[index + 1] ?? '');
    });
    return { operation, pathParameters };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

/** @param {string} segment a path segment as received; malformed `%` escapes are kept as written */
function decodePathSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
