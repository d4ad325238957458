import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { runArazzoSchema } from '../../src/validate/schema-validator.js';
import lastDuplicatePair from '../../src/validate/unique-items.js';
import { readArazzoSchema } from '../../scripts/generate-schema-validator.mjs';

const arazzoSchema = readArazzoSchema();

/** ajv's own uniqueItems (pairwise deep equality) over items of any type. */
const ajvUniqueItems = new Ajv2020({ allErrors: true }).compile({ type: 'array', uniqueItems: true });

function ajvPair(items: unknown[]): [number, number] | undefined {
  if (ajvUniqueItems(items)) return undefined;
  const { i, j } = ajvUniqueItems.errors![0]!.params as { i: number; j: number };
  return [i, j];
}

/** JSON values from a small domain, so that equal items (in any key order) come up often. */
const smallJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(null, true, false, 0, -0, 1, 1.5, '', 'a', '1', 'true', 'null'),
    fc.array(tie('value'), { maxLength: 3 }),
    // Spread: fast-check may build an object without a prototype, which parsed YAML never holds.
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('value'), { maxKeys: 3 }).map((record) => ({ ...record })),
  ),
})).value;

/** The same object with its keys in reverse order: deep equality ignores key order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reordered(item)]));
}

describe('uniqueItems in linear time (DECISIONS D55)', () => {
  it("D55: finds the duplicate pair ajv's pairwise loop reports, for any JSON items", () => {
    fc.assert(
      fc.property(fc.array(smallJson, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (items, flips) => {
        const mixed = items.map((item, index) => (flips[index] ? reordered(item) : item));
        expect(lastDuplicatePair(mixed)).toEqual(ajvPair(mixed));
      }),
      { numRuns: 2000 },
    );
  });

  it('D55: NaN equals NaN, 0 equals -0, 1 differs from "1", an array differs from an object', () => {
    for (const items of [[NaN, NaN], [0, -0], [1, '1'], [[], {}], [{ a: [1] }, { a: [1] }], [{ a: 1, b: 2 }, { b: 2, a: 1 }], [null, 'null']]) {
      expect(lastDuplicatePair(items), JSON.stringify(items)).toEqual(ajvPair(items));
    }
  });

  it('D55: the generated validator reports duplicate steps, workflows and criteria as the runtime-compiled schema does', () => {
    const runtime = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    runtime.addFormat('uri-reference', true);
    const validateAtRuntime = runtime.compile(arazzoSchema);
    const step = '      - stepId: s\n        operationId: op\n        successCriteria:\n          - condition: $statusCode == 200\n          - condition: $statusCode == 200\n';
    const workflow = `  - workflowId: w\n    steps:\n${step}${step}${step}`;
    const text = `arazzo: 1.0.1\ninfo: { title: t, version: "1" }\nsourceDescriptions: [{ name: a, url: ./a.yaml, type: openapi }]\nworkflows:\n${workflow}${workflow}`;
    const data = parseText(text, 'file:///duplicates.yaml').data;
    const summarize = (errors: readonly ErrorObject[]) =>
      errors.filter((error) => error.keyword === 'uniqueItems').map(({ instancePath, schemaPath, params, message }) => ({ instancePath, schemaPath, params, message }));
    validateAtRuntime(data);
    const expected = summarize(validateAtRuntime.errors ?? []);
    // workflows, each workflow's steps, and each step's successCriteria.
    expect(expected.length).toBe(1 + 2 + 6);
    expect(summarize(runArazzoSchema(data))).toEqual(expected);
  });
});
