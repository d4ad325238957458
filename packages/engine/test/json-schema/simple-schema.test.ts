import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_SCHEMA_OPTIONS } from '../../src/json-schema/schema-compiler.js';
import { compileSimpleSchema, isSimpleSchema } from '../../src/json-schema/simple-schema.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/** What inputs were checked with before simple-schema.ts: ajv, with the options inputs.ts gives it (one instance: compiling is the slow part). */
const ajv = new Ajv2020({ ...DOCUMENT_SCHEMA_OPTIONS, useDefaults: true });
addFormats(ajv);
const ajvValidator = (schema: object) => ajv.compile(schema);

const summarize = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ keyword, instancePath, params, message }) => ({ keyword, instancePath, params, message }));

/** Both validators on copies of `data`: validity, errors and the data afterwards (defaults written in). */
function compare(schema: Record<string, unknown>, data: unknown) {
  const byAjv = ajvValidator(schema);
  const simple = compileSimpleSchema(schema);
  const ajvData = structuredClone(data);
  const simpleData = structuredClone(data);
  const ajvValid = byAjv(ajvData);
  const simpleValid = simple(simpleData);
  return {
    ajv: { valid: ajvValid, errors: summarize(byAjv.errors), data: ajvData },
    simple: { valid: simpleValid, errors: summarize(simple.errors), data: simpleData },
  };
}

const NAMES = ['a', 'b', 'name', 'x/y', 't~1', 'toString'];
// Data never has its own `toString`: ajv's deep equality (fast-deep-equal) calls it and throws when it is not a function.
const DATA_NAMES = NAMES.filter((name) => name !== 'toString');
const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('', 'abc', 'héllo', '😀😀', 'name'),
    fc.integer({ min: -3, max: 12 }),
    fc.constantFrom(0.5, 2.5, -1.5, 1e21),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...DATA_NAMES), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

const limit = fc.integer({ min: 0, max: 4 });
const number = fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(2.5));

const leafKeywords = {
  type: fc.constantFrom(...TYPES),
  description: fc.constant('an input'),
  format: fc.constantFrom('password', 'binary'),
  enum: fc.array(json, { minLength: 1, maxLength: 3 }),
  const: json,
  default: json,
  maximum: number,
  minimum: number,
  exclusiveMaximum: number,
  exclusiveMinimum: number,
  maxLength: limit,
  minLength: limit,
  maxItems: limit,
  minItems: limit,
  required: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
  additionalProperties: fc.boolean(),
  'x-loom-note': fc.constant(true),
};

/** A few keywords at a time (most schemas combine a handful), nesting at most `depth` deep. */
function schemaOf(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keywords: Record<string, fc.Arbitrary<unknown>> = { ...leafKeywords };
  if (depth > 0) {
    keywords['items'] = schemaOf(depth - 1);
    keywords['properties'] = fc.dictionary(fc.constantFrom(...NAMES), schemaOf(depth - 1), { maxKeys: 3, noNullPrototype: true });
  }
  const names = Object.keys(keywords);
  return fc
    .uniqueArray(fc.constantFrom(...names), { maxLength: 4 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((name) => [name, keywords[name]!]))))
    .map((value) => value as Record<string, unknown>);
}

const schema = schemaOf(2);

describe('simple inputs schemas are checked without ajv, with ajv\'s results', () => {
  it('isSimpleSchema takes the keywords ajv checks the same way here, and leaves everything else to ajv', () => {
    expect(isSimpleSchema({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, tag: { type: 'string', default: 'dog' }, key: { type: 'string', format: 'password' } } })).toBe(true);
    for (const other of [
      { type: ['string', 'null'] },
      { type: 'string', format: 'email' },
      { type: 'string', pattern: '^a' },
      { $ref: '#/$defs/a' },
      { type: 'object', additionalProperties: { type: 'string' } },
      { type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } },
      { type: 'number', multipleOf: 2 },
      { type: 'array', items: [{ type: 'string' }] },
      { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') },
      { maxLength: 1.5 },
    ]) {
      expect(isSimpleSchema(other), JSON.stringify(other)).toBe(false);
    }
  });

  it('the same validity, errors (keyword, instancePath, params, message, in order) and defaults as ajv, over generated schemas and data', () => {
    fc.assert(
      fc.property(schema, json, (generated, data) => {
        expect(isSimpleSchema(generated)).toBe(true);
        const { ajv, simple } = compare(generated, data);
        expect(simple).toEqual(ajv);
      }),
      { numRuns: 500 },
    );
  });

  it('the same on objects shaped like a workflow\'s inputs (missing, wrong and extra inputs; defaults)', () => {
    const inputs = fc.dictionary(fc.constantFrom(...DATA_NAMES), json, { maxKeys: 4, noNullPrototype: true });
    const objectSchema = fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.constantFrom(...NAMES), schemaOf(1), { minKeys: 1, maxKeys: 4, noNullPrototype: true }), required: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }), additionalProperties: fc.boolean() }, { requiredKeys: ['type', 'properties'] });
    fc.assert(
      fc.property(objectSchema, inputs, (generated, data) => {
        const { ajv, simple } = compare(generated as Record<string, unknown>, data);
        expect(simple).toEqual(ajv);
      }),
      { numRuns: 500 },
    );
  });
});
