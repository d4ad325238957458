import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { checkDocumentRoot } from '../../src/loader/document-root.js';
import { validateAgainstSchema } from '../../src/validate/schema-errors.js';
import { loadArazzoSchemaValidator } from '../../src/validate/schema-validator.js';

// The loader loads the 1.1 validator when it meets a 1.1 document; these tests validate without the loader.
beforeAll(() => loadArazzoSchemaValidator('1.1'));

/** Both Arazzo versions, one engine: each document is checked against its own version's schema (DECISIONS D71, D72). */
const document = (version: string, step: string, extra = '') =>
  `arazzo: ${version}\ninfo: { title: t, version: '1' }\nsourceDescriptions:\n  - { name: pets, url: ./pets.yaml${extra} }\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: s\n${step}`;
const check = (text: string) => {
  const parsed = parseText(text, 'file:///flow.yaml');
  // As the loader does: the schema runs only on a document whose root Loom can read.
  const root = checkDocumentRoot(parsed);
  return (root.length > 0 ? root : validateAgainstSchema(parsed)).map((d) => [d.code, d.range?.start.line, d.message]);
};

describe('Arazzo versions', () => {
  it('D72: a 1.0.x and a 1.1.x document both load and pass their own schema', () => {
    expect(check(document('1.0.1', '        operationId: listPets\n'))).toEqual([]);
    expect(check(document('1.1.0', '        operationId: listPets\n        timeout: 500\n'))).toEqual([]);
    expect(check(document('1.1.3', '        operationId: listPets\n'))).toEqual([]);
  });

  it('D72: any other version is one clear error', () => {
    expect(check(document('2.0.0', '        operationId: listPets\n'))).toEqual([
      ['arazzo-version', 1, "Loom reads Arazzo 1.0.x and 1.1.x documents; this one is 'arazzo: 2.0.0'."],
    ]);
  });

  it('D72: a 1.0 document using a 1.1 field is told which version introduced it', () => {
    expect(check(document('1.0.1', '        operationId: listPets\n        dependsOn: [other]\n'))).toEqual([
      ['arazzo-version', 10, "'dependsOn' in The Step Object at 'workflows[0].steps[0]' was introduced in Arazzo 1.1; this document is 'arazzo: 1.0.1' (write 'arazzo: 1.1.0' to use it)."],
    ]);
    expect(check(`$self: https://example.com/flow\n${document('1.0.1', '        operationId: listPets\n')}`)).toEqual([
      ['arazzo-version', 1, "'$self' in The Arazzo Specification Object was introduced in Arazzo 1.1; this document is 'arazzo: 1.0.1' (write 'arazzo: 1.1.0' to use it)."],
    ]);
  });

  it('D72: a 1.0 document using a 1.1 value of an enumerated field is told which version introduced it', () => {
    expect(check(document('1.0.1', '        operationId: listPets\n', ', type: asyncapi'))).toEqual([
      ['arazzo-version', 4, "'sourceDescriptions[0].type' 'asyncapi' was introduced in Arazzo 1.1; this document is 'arazzo: 1.0.1' (write 'arazzo: 1.1.0' to use it)."],
    ]);
    expect(check(document('1.0.1', '        operationId: listPets\n        parameters:\n          - { name: q, in: querystring, value: a=1 }\n'))).toEqual([
      ['arazzo-version', 11, "'workflows[0].steps[0].parameters[0].in' 'querystring' was introduced in Arazzo 1.1; this document is 'arazzo: 1.0.1' (write 'arazzo: 1.1.0' to use it)."],
    ]);
  });

  it('D72: a field neither version has is still an unknown field', () => {
    expect(check(document('1.0.1', '        operationId: listPets\n        color: red\n'))).toEqual([
      ['arazzo-schema', 10, "Unknown field 'color' in The Step Object at 'workflows[0].steps[0]'."],
    ]);
  });

  it('D71: a 1.1 step reports the errors of the kind of step it is, once', () => {
    // An AsyncAPI step (it has `action`) naming both operationId and channelPath.
    expect(check(document('1.1.0', '        operationId: send\n        channelPath: $sourceDescriptions.pets#/channels/a\n        action: send\n'))).toEqual([
      ['arazzo-schema', 8, "The Step Object (AsyncAPI) at 'workflows[0].steps[0]' must have exactly one of 'operationId' or 'channelPath'."],
    ]);
    // A workflow step with a stray field speaks as a workflow step, not as three alternatives.
    expect(check(document('1.1.0', '        workflowId: other\n        color: red\n'))).toEqual([
      ['arazzo-schema', 10, "Unknown field 'color' in The Step Object at 'workflows[0].steps[0]'."],
    ]);
  });

  it('D71: the 1.1 schema corrections: any parameter and replacement value, a string correlationId, no `in` on action parameters', () => {
    expect(check(document('1.1.0', '        operationId: listPets\n        parameters:\n          - { name: filter, in: query, value: { a: 1 } }\n'))).toEqual([]);
    expect(check(document('1.1.0', '        operationId: listPets\n        requestBody:\n          payload: {}\n          replacements:\n            - { target: /a, value: 3 }\n'))).toEqual([]);
    expect(check(document('1.1.0', '        operationId: listPets\n        parameters:\n          - { name: filter, in: query, value: { selector: $.a } }\n')).map(([code, line]) => [code, line])).toEqual([
      ['arazzo-schema', 11],
      ['arazzo-schema', 11],
    ]);
    expect(check(document('1.1.0', '        channelPath: $sourceDescriptions.pets#/channels/a\n        action: receive\n        correlationId: 42\n'))).toEqual([
      ['arazzo-schema', 11, "'workflows[0].steps[0].correlationId' must be a string, not a number (42)."],
    ]);
    expect(check(document('1.1.0', '        operationId: listPets\n        onSuccess:\n          - { name: next, type: goto, workflowId: other, parameters: [{ name: a, in: query, value: 1 }] }\n')).map(([code, line]) => [code, line])).toEqual([
      ['arazzo-schema', 11],
    ]);
  });
});
