import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { checkSemantics } from '../../src/validate/semantic/index.js';
import { validateAgainstSchema } from '../../src/validate/schema-errors.js';

const header = "arazzo: 1.0.1\ninfo: { title: t, version: '1' }\nsourceDescriptions:\n  - { name: pets, url: ./pets.yaml }\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: s\n        operationId: listPets\n";
const check = (text: string) => validateAgainstSchema(parseText(text, 'file:///flow.yaml')).map((d) => [d.range?.start.line, d.message]);

describe('schema validation', () => {
  it('uses the schema in specs/ (the generated JSON equals the YAML)', () => {
    const yaml = parse(readFileSync(new URL('../../../../specs/arazzo-1.0.schema.yaml', import.meta.url), 'utf8'));
    expect(JSON.parse(readFileSync(new URL('../../../../specs/arazzo-1.0.schema.json', import.meta.url), 'utf8'))).toEqual(yaml);
  });

  it('D23: a plain retry (no stepId, no retryAfter) is valid', () => {
    expect(check(header + '        onFailure:\n          - { name: again, type: retry }\n')).toEqual([]);
  });

  it('D23: a criterion type may be a Criterion Expression Type Object', () => {
    expect(check(header + '        successCriteria:\n          - context: $response.body\n            condition: $.pets\n            type: { type: jsonpath, version: draft-goessner-dispatch-jsonpath-00 }\n')).toEqual([]);
  });

  it('reports a parameter missing its value once, not once per oneOf branch', () => {
    expect(check(header + '        parameters:\n          - { name: limit, in: query }\n')).toEqual([
      [11, "The Parameter Object at 'workflows[0].steps[0].parameters[0]' is missing the required field 'value'."],
    ]);
  });

  it('reports a Reusable Object with an extra field as a Reusable Object', () => {
    expect(check(header + '        parameters:\n          - { reference: $components.parameters.limit, name: x }\n')).toEqual([
      [11, "Unknown field 'name' in The Reusable Object at 'workflows[0].steps[0].parameters[0]'."],
    ]);
  });

  it('names both alternatives when a list item is neither', () => {
    expect(check(header + '        onSuccess:\n          - done\n')).toEqual([[11, "Must be a Success Action Object or a Reusable Object, not a string ('done')."]]);
  });

  it('says what a goto needs instead of a wall of oneOf errors', () => {
    expect(check(header + '        onSuccess:\n          - { name: next, type: goto }\n')).toEqual([
      [11, "The Success Action Object at 'workflows[0].steps[0].onSuccess[0]' must have exactly one of 'workflowId' or 'stepId'."],
    ]);
  });

  it('checks workflow inputs against the JSON Schema meta-schema', () => {
    const text = header.replace('    steps:', '    inputs: { type: objekt }\n    steps:');
    const problems = check(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every(([line]) => line === 7)).toBe(true);
  });

  it('leaves step-target and criterion-type-context to their semantic rules', () => {
    const text = header.replace('        operationId: listPets\n', '        successCriteria:\n          - { condition: x, type: regex }\n');
    const parsed = parseText(text, 'file:///flow.yaml');
    expect(validateAgainstSchema(parsed)).toEqual([]);
    expect(checkSemantics({ parsed }).map((d) => d.code).sort()).toEqual(['criterion-type-context', 'step-target']);
  });

  it('D15: a dependsOn cycle is a validation error, a self-dependency too', () => {
    const text = header.replace('  - workflowId: w\n', '  - workflowId: w\n    dependsOn: [w]\n');
    const diagnostics = checkSemantics({ parsed: parseText(text, 'file:///flow.yaml') });
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([['depends-on-cycle', 7, 'dependsOn forms a cycle: w -> w.']]);
  });

  it('never throws on a wrong shape', () => {
    for (const text of ['arazzo: 1.0.1\nworkflows: 5\n', 'arazzo: 1.0.1\nworkflows: [1, null, { steps: 3 }, { steps: [null, { onSuccess: 7 }] }]\ncomponents: []\n']) {
      const parsed = parseText(text, 'file:///flow.yaml');
      expect(() => checkSemantics({ parsed })).not.toThrow();
      expect(validateAgainstSchema(parsed).length).toBeGreaterThan(0);
    }
  });
});
