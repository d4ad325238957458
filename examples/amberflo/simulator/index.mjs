/**
 * A local, in-memory Amberflo: a real HTTP server that serves the 17 operations of the
 * example's OpenAPI files, checks the X-API-KEY header, validates requests against those
 * files' schemas, and keeps meters, customers, plans, orders, rules and events in memory.
 * Behaviour and where it is stricter than Amberflo: ../README.md.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { billingHandlers } from './billing-handlers.mjs';
import { meteringHandlers } from './metering-handlers.mjs';
import { loadContract } from './openapi-contract.mjs';
import { describeSchemaErrors, problem } from './replies.mjs';
import { clearState, createState } from './state.mjs';

/** The API key the simulator accepts unless told otherwise (README, inputs.json). */
export const DEMO_API_KEY = 'loom-amberflo-demo-key';

/** The only interface the simulator listens on: it is a local test double, never a service. */
export const SIMULATOR_HOST = '127.0.0.1';

/** Request bodies above this size are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** @type {Record<string, import('./metering-handlers.mjs').Handler>} */
const HANDLERS = { ...meteringHandlers, ...billingHandlers };

/**
 * @typedef {import('./replies.mjs').Reply} Reply
 * @typedef {import('./openapi-contract.mjs').Contract} Contract
 * @typedef {import('./openapi-contract.mjs').ContractOperation} ContractOperation
 * @typedef {{
 *   method: string; path: string; query: Record<string, string>;
 *   headers: Record<string, string | string[] | undefined>; body: unknown; status?: number;
 * }} RecordedRequest
 */

/**
 * Starts the simulator and resolves once it listens.
 * @param {import('./index.d.mts').SimulatorOptions} [options]
 * @returns {Promise<import('./index.d.mts').Simulator>}
 */
export async function startSimulator(options = {}) {
  const host = options.host ?? SIMULATOR_HOST;
  if (host !== SIMULATOR_HOST) {
    throw new Error(`the Amberflo simulator only listens on ${SIMULATOR_HOST}, not ${host}`);
  }
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  if (typeof apiKey !== 'string' || apiKey === '') throw new Error('the simulator API key must be a non-empty string');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${String(port)}`);

  const contract = sharedContract();
  const missing = contract.operations.filter((operation) => !HANDLERS[operation.operationId]);
  if (missing.length > 0) {
    throw new Error(`no simulator handler for ${missing.map((operation) => operation.operationId).join(', ')}`);
  }

  const state = createState();
  /** @type {RecordedRequest[]} */
  const requests = [];
  const recordRequests = options.recordRequests ?? true;
  const keyDigest = digest(apiKey);
  const log = options.log;

  const server = createServer((request, response) => {
    const started = performance.now();
    readBody(request).then(
      (raw) => {
        const url = parseRequestTarget(request.url);
        if (!url) {
          send(response, problem(400, 'VALIDATION_ERROR', 'the request target is not a valid path'));
          return;
        }
        const method = request.method ?? 'GET';
        /** @type {RecordedRequest} */
        const recorded = {
          method,
          path: url.pathname,
          query: firstValues(url.searchParams),
          headers: { ...request.headers },
          body: raw.tooLarge ? undefined : recordedBody(raw.text, request.headers['content-type']),
        };
        if (recordRequests) requests.push(recorded);
        const reply = answer(contract, state, keyDigest, method, url, request.headers, raw);
        recorded.status = reply.status;
        send(response, reply);
        log?.(`${method} ${url.pathname}${url.search} -> ${reply.status} (${(performance.now() - started).toFixed(1)} ms)`);
      },
      () => response.destroy(),
    );
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator did not get a TCP address');

  return {
    url: `http://${host}:${address.port}`,
    apiKey,
    state,
    requests,
    reset() {
      clearState(state);
      requests.length = 0;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
    },
  };
}

/** @type {Contract | undefined} */
let loadedContract;

/** The OpenAPI files are read and their schemas compiled once per process, however many simulators start. */
function sharedContract() {
  loadedContract ??= loadContract();
  return loadedContract;
}

/**
 * Route, authenticate, validate, then run the operation's handler.
 * @param {Contract} contract
 * @param {import('./state.mjs').SimulatorState} state
 * @param {Buffer} keyDigest
 * @param {string} method
 * @param {URL} url
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {{ text: string; tooLarge: boolean }} raw
 * @returns {Reply}
 */
function answer(contract, state, keyDigest, method, url, headers, raw) {
  const match = contract.match(method, url.pathname);
  if (!match) return problem(404, 'NOT_FOUND', `no Amberflo operation at ${method} ${url.pathname}`);
  if ('allowed' in match) {
    return {
      ...problem(405, 'METHOD_NOT_ALLOWED', `${url.pathname} does not accept ${method}; it accepts ${match.allowed.join(', ')}`),
      headers: { allow: match.allowed.join(', ') },
    };
  }
  const presented = headers['x-api-key'];
  if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), keyDigest)) {
    return problem(401, 'UNAUTHORIZED', 'missing or invalid API key: send the account key in the X-API-KEY header');
  }
  if (raw.tooLarge) return problem(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${MAX_BODY_BYTES} bytes`);

  const { operation, pathParameters } = match;
  const query = firstValues(url.searchParams);
  const queryProblems = checkQuery(operation, query);
  if (queryProblems.length > 0) return problem(400, 'VALIDATION_ERROR', 'invalid query parameters', queryProblems);

  let body;
  if (operation.body) {
    const parsed = parseJsonBody(operation, raw.text, headers['content-type']);
    if (!parsed.ok) return problem(400, 'VALIDATION_ERROR', parsed.message, parsed.details);
    body = parsed.value;
  }
  const handler = /** @type {import('./metering-handlers.mjs').Handler} */ (HANDLERS[operation.operationId]);
  try {
    return handler({ state, body, pathParameters, query, now: Date.now() });
  } catch (error) {
    return { status: 500, body: { message: `simulator fault in ${operation.operationId}: ${String(error)}`, code: 'INTERNAL' } };
  }
}

/**
 * @param {ContractOperation} operation
 * @param {Record<string, string>} query
 * @returns {string[]}
 */
function checkQuery(operation, query) {
  return operation.queryParameters.flatMap((parameter) => {
    const value = query[parameter.name];
    if (value === undefined) return parameter.required ? [`query parameter ${parameter.name} is required`] : [];
    if (!parameter.validate || parameter.validate(value)) return [];
    return describeSchemaErrors(`query parameter ${parameter.name}`, parameter.validate.errors);
  });
}

/**
 * @param {ContractOperation} operation
 * @param {string} text
 * @param {string | undefined} contentType
 * @returns {{ ok: true; value: unknown } | { ok: false; message: string; details?: string[] }}
 */
function parseJsonBody(operation, text, contentType) {
  if (text.trim() === '') {
    return operation.bodyRequired ? { ok: false, message: 'a JSON request body is required' } : { ok: true, value: undefined };
  }
  // Stricter than Amberflo (README): a JSON body must say so, which catches clients that forget.
  if (!isJsonMediaType(contentType)) {
    return { ok: false, message: `the request body must be sent as application/json (got ${contentType ?? 'no Content-Type'})` };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const body = /** @type {NonNullable<ContractOperation['body']>} */ (operation.body);
  if (body.validate(value)) return { ok: true, value };
  // A oneOf of differently typed branches (ingest): report against the branch of the body's own type.
  const branch = body.branches?.find((candidate) => candidate.jsonType === jsonTypeOf(value));
  if (branch) branch.validate(value);
  const errors = branch ? branch.validate.errors : body.validate.errors;
  return { ok: false, message: 'the request body does not match the schema', details: describeSchemaErrors('body', errors) };
}

/**
 * @param {string | undefined} target the request line's target (`/customers?x=1`)
 * @returns {URL | undefined}
 */
function parseRequestTarget(target) {
  try {
    return new URL(target ?? '/', 'http://simulator.invalid');
  } catch {
    return undefined;
  }
}

/**
 * Query parameters by name; a repeated one keeps its first value.
 * @param {URLSearchParams} parameters
 * @returns {Record<string, string>}
 */
function firstValues(parameters) {
  /** @type {Map<string, string>} */
  const values = new Map();
  for (const [name, value] of parameters) if (!values.has(name)) values.set(name, value);
  // fromEntries defines own properties, so a parameter named __proto__ stays a plain value.
  return Object.fromEntries(values);
}

/** @param {unknown} value */
function jsonTypeOf(value) {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** @param {string | undefined} contentType */
function isJsonMediaType(contentType) {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}

/**
 * What the request log keeps of a body: parsed JSON when it is declared and parses, else the text.
 * @param {string} text
 * @param {string | undefined} contentType
 */
function recordedBody(text, contentType) {
  if (text === '') return undefined;
  if (isJsonMediaType(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Reads the whole body as UTF-8, but stops keeping it past MAX_BODY_BYTES.
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<{ text: string; tooLarge: boolean }>}
 */
function readBody(request) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    request.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES }));
    request.on('error', reject);
  });
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {Reply} reply
 */
function send(response, reply) {
  const payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  response.end(payload);
}

/**
 * Keys are compared as fixed-length digests so the comparison takes the same time whatever they hold.
 * @param {string} key
 */
function digest(key) {
  return createHash('sha256').update(key, 'utf8').digest();
}
