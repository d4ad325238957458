import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '@loom/engine';
import { loadFlow, openapi, runRecorded, scriptedServer } from './harness.js';

/** Arazzo 1.1.0 §Condition Evaluation and §Expression Type Object in 1.1 documents, against a real local server. */
const header = (version: string) => `arazzo: ${version}
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /thing:
    get:
      operationId: thing
      responses: { '200': { description: ok } }
`;
const body = { count: '10', limit: '9', order: { id: 7, note: null, lines: [] } };

const flow = (version: string, criteria: string) => `${header(version)}workflows:\n  - workflowId: w\n    steps:\n      - stepId: check\n        operationId: thing\n        successCriteria:\n${criteria}`;

async function load(version: string, criteria: string) {
  const server = await scriptedServer(() => ({ body, headers: { 'x-total': '100' } }));
  return loadFlow(flow(version, criteria), server.url, paths);
}

/** The errors validation finds in the document (line, rule, message). */
async function validationErrors(version: string, criteria: string) {
  const dir = await mkdtemp(join(tmpdir(), 'loom-criteria-'));
  await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
  await writeFile(join(dir, 'flow.arazzo.yaml'), flow(version, criteria));
  const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
  return loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message]);
}

/** Runs one step whose successCriteria are `criteria` against `body`: the run's status and the step's reason. */
async function outcome(version: string, criteria: string) {
  const loaded = await load(version, criteria);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { result } = await runRecorded(loaded);
  return { status: result.status, reason: result.steps[0]?.reason };
}

describe('numeric strings in Arazzo 1.1 conditions', () => {
  it("D99: two numeric strings are ordered as numbers in a 1.1 document ('10' > '9'); a 1.0 document orders them as text", async () => {
    const criteria = "          - condition: $response.body#/count > $response.body#/limit\n          - condition: $response.header.x-total >= '99'\n";
    expect(await outcome('1.1.0', criteria)).toEqual({ status: 'success', reason: undefined });
    expect(await outcome('1.0.1', criteria)).toEqual({ status: 'failure', reason: "$response.body#/count > $response.body#/limit: got $response.body#/count = '10', $response.body#/limit = '9'; $response.header.x-total >= '99': got '100'" });
  });
});

describe('jsonpointer criteria in Arazzo 1.1 documents', () => {
  it('D99: a jsonpointer criterion holds when its pointer points at a value, null included, and fails naming the pointer', async () => {
    const criterion = (condition: string) => `          - { context: $response.body, condition: '${condition}', type: { type: jsonpointer, version: rfc6901 } }\n`;
    expect(await outcome('1.1.0', criterion('/order/id') + criterion('/order/note') + criterion('/order/lines'))).toEqual({ status: 'success', reason: undefined });
    expect(await outcome('1.1.0', criterion('/order/lines/0'))).toEqual({ status: 'failure', reason: '/order/lines/0 points at nothing in $response.body' });
  });

  it('D99: a condition that is no JSON Pointer, or a version other than rfc6901, is an error at validation, at the field', async () => {
    const errors = await validationErrors(
      '1.1.0',
      [
        '          - context: $response.body',
        '            condition: order/id',
        '            type: { type: jsonpointer, version: rfc6901 }',
        '          - context: $response.body',
        '            condition: /order/id',
        '            type: { type: jsonpointer, version: rfc9535 }',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([
      ['expression-syntax', 12, "'order/id' is not a JSON Pointer (RFC 6901): it must be empty or start with '/'"],
      // The schema says so too, as it does for an unknown type (rule criterion-unknown-type).
      ['arazzo-schema', 16, 'Must be a Criterion Object, not an object.'],
      ['criterion-unknown-type', 16, "unknown jsonpointer version 'rfc9535': expected rfc6901"],
      ['arazzo-schema', 16, "'workflows[0].steps[0].successCriteria[1].type.version' must be 'rfc6901'."],
    ]);
  });
});
