import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { compiledArazzoSchema, loadArazzoSchemaValidator, runArazzoSchema } from '../../src/validate/schema-validator.js';
import { ADDITIONS_FILE, generateAdditionsSource, generateSchemaValidatorSource, OUTPUT_FILE, readArazzoSchema, SCHEMA_VERSIONS } from '../../scripts/generate-schema-validator.mjs';
import { parse } from 'yaml';

const arazzoSchema = readArazzoSchema();

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/** What the validator did before it was precompiled: the schema compiled at run time, same options. */
function runtimeValidator(): (data: unknown) => readonly ErrorObject[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(arazzoSchema);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}

const brokenFolder = new URL('../fixtures/rules/', import.meta.url);
const documents = [
  ...readdirSync(brokenFolder).filter((name) => name.endsWith('.arazzo.yaml')).map((name) => ({ name, text: readFileSync(new URL(name, brokenFolder), 'utf8') })),
  ...['pet-coupons.arazzo.yaml', 'FAPI-PAR.arazzo.yaml', 'bnpl-arazzo.yaml', 'oauth.arazzo.yaml'].map((name) => ({
    name,
    text: readFileSync(new URL(`../../../../examples/spec/${name}`, import.meta.url), 'utf8'),
  })),
];

describe('the precompiled Arazzo schema validator', () => {
  it('is up to date: the committed module equals a fresh generation from the schema (run scripts/generate-schema-validator.mjs)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(generateSchemaValidatorSource(arazzoSchema));
  });

  it('D23: reports the same errors as the schema compiled at run time, over the broken-document corpus and the spec examples', () => {
    const atRuntime = runtimeValidator();
    const { definitionOf } = compiledArazzoSchema();
    const runtimeDefinitions = new Map<object, string>();
    const defs = arazzoSchema['$defs'] as Record<string, unknown>;
    const visit = (node: unknown, name: string): void => {
      if (node === null || typeof node !== 'object' || runtimeDefinitions.has(node)) return;
      runtimeDefinitions.set(node, name);
      for (const child of Object.values(node)) visit(child, name);
    };
    for (const [name, definition] of Object.entries(defs)) visit(definition, name);

    let errorsCompared = 0;
    for (const { name, text } of documents) {
      const data = parseText(text, `file:///${name}`).data;
      const summarize = (errors: readonly ErrorObject[], definitions: ReadonlyMap<object, string>) =>
        errors.map((error) => ({
          keyword: error.keyword,
          instancePath: error.instancePath,
          schemaPath: error.schemaPath,
          params: error.params,
          // schema-errors.ts tells `oneOf` branches apart by which `$defs` entry the failing sub-schema is in.
          definition: definitions.get(error.parentSchema as object),
        }));
      const expected = summarize(atRuntime(data), runtimeDefinitions);
      expect(summarize(runArazzoSchema(data), definitionOf), name).toEqual(expected);
      errorsCompared += expected.length;
    }
    // The corpus must exercise the error paths, not only valid documents.
    expect(errorsCompared).toBeGreaterThan(10);
  });

  it('error sub-schemas are objects of the exported schema tree (their identity is what schema-errors.ts reads)', () => {
    const { schema, definitionOf } = compiledArazzoSchema();
    const stepAlternatives = ((schema['$defs'] as Record<string, Record<string, unknown>>)['step-object']!)['oneOf'];
    const errors = runArazzoSchema(parseText('arazzo: 1.0.1\ninfo: { title: t, version: "1" }\nsourceDescriptions: [{ name: a, url: ./a.yaml }]\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: s\n', 'file:///t.yaml').data);
    expect(errors.some((error) => error.schema === stepAlternatives)).toBe(true);
    expect(errors.filter((error) => definitionOf.get(error.parentSchema as object) === 'step-object').length).toBeGreaterThan(0);
  });
});

describe('the precompiled Arazzo 1.1 schema validator', () => {
  const schema11 = readArazzoSchema('1.1');
  beforeAll(() => loadArazzoSchemaValidator('1.1'));

  it('D72: the table of what 1.1 added is up to date with the two schemas', () => {
    expect(readFileSync(ADDITIONS_FILE, 'utf8')).toBe(generateAdditionsSource(arazzoSchema, schema11));
  });

  it('is up to date: the committed module equals a fresh generation from specs/arazzo-1.1.schema.json, itself the YAML', () => {
    expect(readFileSync(SCHEMA_VERSIONS['1.1'].outputFile, 'utf8')).toBe(generateSchemaValidatorSource(schema11, '1.1'));
    expect(schema11).toEqual(parse(readFileSync(new URL('../../../../specs/arazzo-1.1.schema.yaml', import.meta.url), 'utf8')));
  });

  it('D71: reports the same errors as the 1.1 schema compiled at run time, over the OAI suite', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv);
    const atRuntime = ajv.compile(schema11);
    const folder = new URL('../../../../test/fixtures/oai-schema-tests/1.1/', import.meta.url);
    let errorsCompared = 0;
    for (const outcome of ['pass', 'fail']) {
      for (const name of readdirSync(new URL(`${outcome}/`, folder))) {
        const data = parseText(readFileSync(new URL(`${outcome}/${name}`, folder), 'utf8'), `file:///${name}`).data;
        const summarize = (errors: readonly ErrorObject[]) => errors.map(({ keyword, instancePath, schemaPath, params }) => ({ keyword, instancePath, schemaPath, params }));
        const expected = summarize(atRuntime(data) ? [] : [...(atRuntime.errors ?? [])]);
        expect(summarize(runArazzoSchema(data, '1.1')), name).toEqual(expected);
        errorsCompared += expected.length;
      }
    }
    expect(errorsCompared).toBeGreaterThan(10);
  });
});
