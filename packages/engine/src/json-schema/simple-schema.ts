/**
 * Workflow inputs schemas are nearly always a few typed properties, some required, some with a
 * default. Loading ajv's compiler and compiling such a schema was about a tenth of the CPU time of
 * a `loom run` (issue 12, cold start), so a schema made only of the keywords below is checked here
 * instead, with exactly ajv's results under the options inputs are compiled with
 * (DOCUMENT_SCHEMA_OPTIONS + useDefaults + ajv-formats): the same errors (keyword, instancePath,
 * params, message; `schemaPath` is left empty, inputs problems name the input) in the same
 * order, and the same defaults written into the data.
 * packages/engine/test/json-schema/simple-schema.test.ts compares the two on generated schemas and data.
 * Any other keyword, or a keyword in a form not handled here, leaves the schema to ajv.
 */
import type { ErrorObject } from 'ajv';

/** What `validate(data)` leaves behind, as ajv's ValidateFunction does. */
export interface SimpleSchemaValidator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null;
}

type Schema = Record<string, unknown>;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
// Annotations ajv does not check; `format` only with ajv-formats' always-valid formats (a secret input's `password`).
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const ALWAYS_VALID_FORMATS = new Set(['password', 'binary']);
const NUMBER_LIMITS = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'] as const;
const COMPARISON = { maximum: '<=', minimum: '>=', exclusiveMaximum: '<', exclusiveMinimum: '>' } as const;

const isRecord = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);
const isLimit = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether every keyword of `schema`, at every depth, is one this module checks as ajv does. */
export function isSimpleSchema(schema: unknown): schema is Schema {
  if (!isRecord(schema)) return false;
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    switch (keyword) {
      case 'type':
        if (typeof value !== 'string' || !TYPES.has(value)) return false;
        break;
      case 'format':
        if (typeof value !== 'string' || !ALWAYS_VALID_FORMATS.has(value)) return false;
        break;
      case 'properties':
        if (!isRecord(value) || Object.hasOwn(value, '__proto__') || !Object.values(value).every(isSimpleSchema)) return false;
        break;
      case 'items':
        if (!isSimpleSchema(value)) return false;
        break;
      case 'required':
        if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name !== '__proto__')) return false;
        break;
      case 'additionalProperties':
        if (typeof value !== 'boolean') return false;
        break;
      case 'enum':
        if (!Array.isArray(value)) return false;
        break;
      case 'const':
        break;
      case 'maximum':
      case 'minimum':
      case 'exclusiveMaximum':
      case 'exclusiveMinimum':
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        break;
      case 'maxLength':
      case 'minLength':
      case 'maxItems':
      case 'minItems':
        if (!isLimit(value)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A validator for a schema isSimpleSchema accepted. */
export function compileSimpleSchema(schema: Schema): SimpleSchemaValidator {
  const validate = ((data: unknown) => {
    const errors: ErrorObject[] = [];
    checkValue(schema, data, '', errors);
    validate.errors = errors.length === 0 ? null : errors;
    return errors.length === 0;
  }) as SimpleSchemaValidator;
  validate.errors = null;
  return validate;
}

type Group = 'number' | 'string' | 'array' | 'object';

// ajv's keyword groups (compile/rules.ts) and, within each, the order its vocabularies add them.
const GROUP_KEYWORDS: Readonly<Record<Group, readonly string[]>> = {
  // `format` belongs to both the number and the string group (its definition's type is ["number", "string"]).
  number: [...NUMBER_LIMITS, 'format'],
  string: ['maxLength', 'minLength', 'format'],
  array: ['maxItems', 'minItems', 'items'],
  object: ['required', 'additionalProperties', 'properties'],
};
const GROUPS: readonly Group[] = ['number', 'string', 'array', 'object'];

/** ajv's checkDataType with strictNumbers off (`strict: false`). */
function hasType(type: string, data: unknown): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isRecord(data);
    case 'integer':
      return typeof data === 'number' && !(data % 1) && !Number.isNaN(data);
    default:
      return typeof data === type;
  }
}

const usesGroup = (schema: Schema, group: Group) => GROUP_KEYWORDS[group].some((keyword) => schema[keyword] !== undefined);

/** compile/validate/index.ts typeAndKeywords + schemaKeywords, for the keywords above. */
function checkValue(schema: Schema, data: unknown, path: string, errors: ErrorObject[]): void {
  const type = schema['type'] as string | undefined;
  const error = (keyword: string, params: Record<string, unknown>, message: string) => errors.push({ keyword, instancePath: path, schemaPath: '', params, message });
  // A type with no keyword of its own group here is checked first; otherwise in its group's else branch.
  const typeInGroup = type !== undefined && (GROUPS as readonly string[]).includes(type) && usesGroup(schema, type as Group);
  const typeError = () => error('type', { type }, `must be ${type}`);
  if (type !== undefined && !typeInGroup && !hasType(type, data)) typeError();
  // The untyped group: const, then enum.
  if (schema['const'] !== undefined && !jsonEqual(data, schema['const'])) error('const', { allowedValue: schema['const'] }, 'must be equal to constant');
  if (Array.isArray(schema['enum'])) {
    const allowed = schema['enum'];
    if (!allowed.some((value) => (value !== null && typeof value === 'object' ? jsonEqual(data, value) : data === value))) {
      error('enum', { allowedValues: allowed }, 'must be equal to one of the allowed values');
    }
  }
  for (const group of GROUPS) {
    if (!usesGroup(schema, group)) continue;
    if (hasType(group, data)) checkGroup(group, schema, data, path, errors, error);
    else if (typeInGroup && type === group) typeError();
  }
}

function checkGroup(
  group: Group,
  schema: Schema,
  data: unknown,
  path: string,
  errors: ErrorObject[],
  error: (keyword: string, params: Record<string, unknown>, message: string) => void,
): void {
  if (group === 'number') {
    const value = data as number;
    // `format`: only ajv-formats' always-valid formats get here.
    for (const keyword of NUMBER_LIMITS) {
      const limit = schema[keyword] as number | undefined;
      if (limit === undefined) continue;
      const fails = keyword === 'maximum' ? value > limit : keyword === 'minimum' ? value < limit : keyword === 'exclusiveMaximum' ? value >= limit : value <= limit;
      if (fails || Number.isNaN(value)) error(keyword, { comparison: COMPARISON[keyword], limit }, `must be ${COMPARISON[keyword]} ${limit}`);
    }
  } else if (group === 'string') {
    const length = codePointLength(data as string);
    const max = schema['maxLength'] as number | undefined;
    const min = schema['minLength'] as number | undefined;
    if (max !== undefined && length > max) error('maxLength', { limit: max }, `must NOT have more than ${max} characters`);
    if (min !== undefined && length < min) error('minLength', { limit: min }, `must NOT have fewer than ${min} characters`);
    // `format`: only ajv-formats' always-valid formats get here.
  } else if (group === 'array') {
    const items = data as unknown[];
    const max = schema['maxItems'] as number | undefined;
    const min = schema['minItems'] as number | undefined;
    if (max !== undefined && items.length > max) error('maxItems', { limit: max }, `must NOT have more than ${max} items`);
    if (min !== undefined && items.length < min) error('minItems', { limit: min }, `must NOT have fewer than ${min} items`);
    const itemSchema = schema['items'] as Schema | undefined;
    if (itemSchema !== undefined) items.forEach((item, index) => checkValue(itemSchema, item, `${path}/${index}`, errors));
  } else {
    checkObject(schema, data as Record<string, unknown>, path, errors, error);
  }
}

/** The object group: defaults first (useDefaults), then required, additionalProperties, properties. */
function checkObject(
  schema: Schema,
  data: Record<string, unknown>,
  path: string,
  errors: ErrorObject[],
  error: (keyword: string, params: Record<string, unknown>, message: string) => void,
): void {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  for (const [name, property] of Object.entries(properties)) {
    // ajv writes a fresh copy of the default (a JSON literal in its generated code).
    if (property['default'] !== undefined && data[name] === undefined) data[name] = JSON.parse(JSON.stringify(property['default']));
  }
  for (const name of (schema['required'] ?? []) as string[]) {
    if (data[name] === undefined) error('required', { missingProperty: name }, `must have required property '${name}'`);
  }
  if (schema['additionalProperties'] === false) {
    for (const key in data) {
      if (!Object.hasOwn(properties, key)) error('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    if (data[name] !== undefined) checkValue(property, data[name], `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, errors);
  }
}

/** ajv's ucs2length: a surrogate pair counts once. */
function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** fast-deep-equal (ajv's `equal`) over JSON values. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => jsonEqual(item, other[index]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
