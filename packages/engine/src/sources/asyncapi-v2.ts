/**
 * AsyncAPI 2.x source descriptions (DECISIONS D111): converted to 3.0 with `@asyncapi/converter`, loaded only
 * when a 2.x document is met, from the point of view of the client that the workflow is (a 2.x `publish` is the
 * workflow's `send`, a 2.x `subscribe` its `receive`). Before converting, the document is checked for what the
 * converter would not carry over faithfully; such a document is one `asyncapi-unconvertible` error naming it.
 */
import { isRecord, type PathSegment } from '@loom/expressions/internal';

/** The AsyncAPI versions the converter reads and Loom accepts: 2.0.0 to 2.6.0 (2.1-2.6 only add fields to 2.0). */
export const ASYNCAPI_2_VERSION = /^2\.[0-6]\.0$/;

/** Something in a 2.x document that the conversion to 3.0 would change; `path` is where it is in the 2.x document. */
export interface UnconvertibleConstruct {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

type Data = Record<string, unknown>;

/** Message fields Loom reads (directly or through the parser): a trait that changes one of them changes Loom's index. */
const MESSAGE_FIELDS_READ = ['name', 'contentType', 'headers', 'correlationId', 'schemaFormat'] as const;
/** Keys under which a 2.x document holds data or schemas, written the same way in 3.0: external `$ref`s there convert as they are. */
const VERBATIM_KEYS = new Set(['payload', 'headers', 'schema', 'schemas', 'bindings', 'examples', 'messageBindings', 'operationBindings', 'channelBindings', 'serverBindings']);
/** Parameter schema keywords a 3.0 parameter keeps; the converter warns on the console about every other one. */
const PARAMETER_SCHEMA_KEYWORDS = ['enum', 'const', 'default', 'examples', 'description'];

/**
 * What the converter would not carry over faithfully, first found first (DECISIONS D111):
 * - an external `$ref` outside a schema: the converter leaves it as it is, so a 2.x channel, operation, message,
 *   parameter, trait or server in another file would be read as 3.0;
 * - a trait that sets a message field Loom reads (or an operation's `operationId`) that its message (or operation)
 *   sets too, to another value: AsyncAPI 2.x applies traits over the object, 3.0 the object over its traits.
 */
export function findUnconvertible(document: Data): UnconvertibleConstruct | undefined {
  return findExternalReference(document, []) ?? findTraitConflict(document);
}

/**
 * The 2.x document as AsyncAPI 3.0.0 (DECISIONS D111), from the client's point of view and with each channel keyed
 * by its 2.x address, so that a step's `channelPath` (`#/channels/<address>`) names the same channel in both.
 * Throws what the converter throws.
 */
export async function convertAsyncApi2(document: Data): Promise<Data> {
  const { convert } = await import('@asyncapi/converter');
  const input = withQuietParameters(document);
  return convert(input as { asyncapi: string }, '3.0.0', { v2tov3: { pointOfView: 'client', useChannelIdExtension: false } }) as Data;
}

/**
 * A copy of `document` whose parameter schemas hold only what a 3.0 parameter keeps: the converter drops the rest
 * anyway and says so with `console.warn`, which must not reach a user. Loom reads only parameter names.
 */
function withQuietParameters(document: Data): Data {
  const copy = structuredClone(document);
  const trim = (parameters: unknown): void => {
    if (!isRecord(parameters)) return;
    for (const parameter of Object.values(parameters)) {
      if (!isRecord(parameter) || !isRecord(parameter['schema'])) continue;
      const schema = parameter['schema'];
      parameter['schema'] = Object.fromEntries(PARAMETER_SCHEMA_KEYWORDS.filter((keyword) => keyword in schema).map((keyword) => [keyword, schema[keyword]]));
    }
  };
  for (const channel of Object.values(isRecord(copy['channels']) ? copy['channels'] : {})) if (isRecord(channel)) trim(channel['parameters']);
  const components = copy['components'];
  if (isRecord(components)) {
    trim(components['parameters']);
    for (const channel of Object.values(isRecord(components['channels']) ? components['channels'] : {})) if (isRecord(channel)) trim(channel['parameters']);
  }
  return copy;
}

function findExternalReference(value: unknown, path: PathSegment[]): UnconvertibleConstruct | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findExternalReference(item, [...path, index]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const reference = value['$ref'];
  if (typeof reference === 'string' && !reference.startsWith('#')) {
    return {
      path: [...path, '$ref'],
      message: `the external $ref '${reference}' names a 2.x object, which @asyncapi/converter leaves unconverted (it converts only what is in this file)`,
    };
  }
  for (const [key, item] of Object.entries(value)) {
    if (VERBATIM_KEYS.has(key) || key.startsWith('x-')) continue;
    const found = findExternalReference(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findTraitConflict(document: Data): UnconvertibleConstruct | undefined {
  const channels = isRecord(document['channels']) ? document['channels'] : {};
  for (const [address, channel] of Object.entries(channels)) {
    if (!isRecord(channel)) continue;
    for (const kind of ['publish', 'subscribe'] as const) {
      const operation = channel[kind];
      if (!isRecord(operation)) continue;
      const operationPath: PathSegment[] = ['channels', address, kind];
      const found = traitConflict(document, operation, operationPath, ['operationId'], `the ${kind} operation of channel '${address}'`);
      if (found !== undefined) return found;
      const message = operation['message'];
      const members = isRecord(message) && Array.isArray(message['oneOf']) ? message['oneOf'].map((member, index) => [member, [...operationPath, 'message', 'oneOf', index]] as const) : [[message, [...operationPath, 'message']] as const];
      for (const [member, memberPath] of members) {
        const resolved = local(document, member);
        if (resolved === undefined) continue;
        const conflict = traitConflict(document, resolved.value, resolved.path ?? memberPath, MESSAGE_FIELDS_READ, `the message at ${pointerText(resolved.path ?? memberPath)}`);
        if (conflict !== undefined) return conflict;
      }
    }
  }
  return undefined;
}

/**
 * A field of `object` that its traits would set differently in 2.x and 3.0. An operation trait's `operationId`
 * always differs: the converter names the 3.0 operation from the operation's own `operationId` only.
 */
function traitConflict(document: Data, object: Data, path: readonly PathSegment[], fields: readonly string[], what: string): UnconvertibleConstruct | undefined {
  const traits = object['traits'];
  if (!Array.isArray(traits) || traits.length === 0) return undefined;
  const resolvedTraits = traits.map((trait) => local(document, trait)?.value).filter((trait): trait is Data => trait !== undefined);
  for (const field of fields) {
    if (!resolvedTraits.some((trait) => field in trait)) continue;
    if (field === 'operationId') {
      return { path: [...path, 'traits'], message: `a trait of ${what} sets its operationId, which @asyncapi/converter does not carry over to the 3.0 operation` };
    }
    // AsyncAPI 2.6 §Operation Trait / Message Trait: traits are merged into the object (JSON Merge Patch), each over it; 3.0: the object over its traits.
    let version2 = object[field];
    for (const trait of resolvedTraits) version2 = mergePatch(version2, trait[field]);
    let version3: unknown = undefined;
    for (const source of [...resolvedTraits, object]) version3 = mergePatch(version3, source[field]);
    if (!sameValue(version2, version3)) {
      return {
        path: [...path, 'traits'],
        message: `${what} and its traits both set '${field}': AsyncAPI 2.x applies traits over the object, 3.0 the object over its traits, so the converted document would read '${field}' differently`,
      };
    }
  }
  return undefined;
}

/** `value` itself, or what its local `$ref` (`#/...`) points at in `document`, with that place's path. */
function local(document: Data, value: unknown): { readonly value: Data; readonly path?: PathSegment[] } | undefined {
  if (!isRecord(value)) return undefined;
  const reference = value['$ref'];
  if (typeof reference !== 'string') return { value };
  if (!reference.startsWith('#/')) return undefined;
  const path = reference
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'));
  let target: unknown = document;
  for (const token of path) target = isRecord(target) ? target[token] : undefined;
  return isRecord(target) ? { value: target, path } : undefined;
}

/** RFC 7386 JSON Merge Patch of `patch` over `target`; an absent patch leaves the target. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === undefined) return target;
  if (!isRecord(patch)) return patch;
  const result: Data = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, index) => sameValue(item, right[index]));
  if (!isRecord(left) || !isRecord(right)) return false;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

function pointerText(path: readonly PathSegment[]): string {
  return `#/${path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}
