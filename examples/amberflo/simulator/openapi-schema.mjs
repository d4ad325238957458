/**
 * OpenAPI 3.0 Schema Objects are a dialect of JSON Schema draft 4/5; ajv speaks draft-07.
 * This turns a whole OpenAPI 3.0 document into something ajv accepts as is, changing only
 * the few keywords whose meaning differs, so the simulator validates exactly what the
 * description says.
 */

/** Keywords OpenAPI 3.0 adds for documentation only; ajv's strict mode rejects unknown keywords. */
const DOCUMENTATION_ONLY = new Set(['example', 'xml', 'externalDocs', 'discriminator']);

/** Inside a Schema Object: members holding one schema (or an array of them) ... */
const SCHEMA_MEMBERS = new Set(['items', 'not', 'additionalProperties', 'allOf', 'anyOf', 'oneOf']);
/** ... and members holding a map of name -> schema. */
const SCHEMA_MAP_MEMBERS = new Set(['properties']);

/**
 * A deep copy of `document` in which every Schema Object is draft-07: boolean
 * `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0) become the numeric form, and
 * documentation-only keywords are dropped. `nullable` is left alone: ajv implements it.
 * Schema Objects are found where OpenAPI puts them: `schema` members and `components.schemas`.
 * @param {unknown} document
 * @returns {unknown}
 */
export function toDraft07Document(document) {
  return convert(document, 'other');
}

/**
 * @typedef {'schema' | 'schemaMap' | 'other'} Position
 * @param {unknown} value
 * @param {Position} position
 * @returns {unknown}
 */
function convert(value, position) {
  if (Array.isArray(value)) return value.map((item) => convert(item, position));
  if (value === null || typeof value !== 'object') return value;
  const source = /** @type {Record<string, unknown>} */ (value);
  /** @type {Record<string, unknown>} */
  const result = {};
  for (const [key, child] of Object.entries(source)) {
    if (position === 'schema' && DOCUMENTATION_ONLY.has(key)) continue;
    result[key] = convert(child, childPosition(position, key));
  }
  if (position === 'schema') {
    convertExclusiveBound(source, result, 'exclusiveMinimum', 'minimum');
    convertExclusiveBound(source, result, 'exclusiveMaximum', 'maximum');
  }
  return result;
}

/**
 * @param {Position} position
 * @param {string} key
 * @returns {Position}
 */
function childPosition(position, key) {
  switch (position) {
    case 'schemaMap':
      return 'schema';
    case 'schema':
      if (SCHEMA_MEMBERS.has(key)) return 'schema';
      if (SCHEMA_MAP_MEMBERS.has(key)) return 'schemaMap';
      return 'other';
    case 'other':
      if (key === 'schema') return 'schema';
      if (key === 'schemas') return 'schemaMap';
      return 'other';
  }
}

/**
 * OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive; draft-07 puts the bound
 * in `exclusiveMinimum` itself.
 * @param {Record<string, unknown>} source
 * @param {Record<string, unknown>} result
 * @param {'exclusiveMinimum' | 'exclusiveMaximum'} flag
 * @param {'minimum' | 'maximum'} bound
 */
function convertExclusiveBound(source, result, flag, bound) {
  if (typeof source[flag] !== 'boolean') return;
  delete result[flag];
  if (source[flag] === true && typeof source[bound] === 'number') {
    result[flag] = source[bound];
    delete result[bound];
  }
}
