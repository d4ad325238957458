import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';
import { loadOpenApiSource } from '../../packages/engine/src/sources/load-openapi.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * A chain of `$ref`s (S0 -> S1 -> ... -> Sn) used to overflow the call stack in every command
 * at ~3,000 links and took 13 s (quadratic) at 20,000 before that. Resolution is now iterative
 * and linear, and stops at 500 levels (each ref followed counts as one) with one error at the
 * `$ref` where the bound was crossed (DECISIONS D39).
 */
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-ref-chains-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ARAZZO = `arazzo: 1.0.1
info: { title: chain, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        successCriteria:
          - condition: $statusCode == 200
`;

/** The schema header takes 15 lines, so S<i> is on line 16 + i. */
function chainedOpenApi(links: number): string {
  let text = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:9' }]
paths:
  /x:
    post:
      operationId: op
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/S0' }
      responses:
        '200': { description: ok }
components:
  schemas:
`;
  for (let index = 0; index < links; index++) text += `    S${index}: { $ref: '#/components/schemas/S${index + 1}' }\n`;
  return `${text}    S${links}: { type: object, required: [id] }\n`;
}

function writeChain(links: number): string {
  const folder = mkdtempSync(join(scratch, `chain-${links}-`));
  writeFileSync(join(folder, 'api.openapi.yaml'), chainedOpenApi(links));
  writeFileSync(join(folder, 'flow.arazzo.yaml'), ARAZZO);
  return folder;
}

/** Where the bound is crossed: the root walk reaches S0 at level 10 (paths/.../schema), and each ref adds one. */
const CROSSING = /api\.openapi\.yaml:(\d+):(\d+) +error +openapi-ref-unresolved +\$ref '#\/components\/schemas\/S(\d+)' does not resolve: following it would nest the resolved document more than 500 levels deep/;

describe('$ref chains', { timeout: 120_000 }, () => {
  it('D39: a 3,000-link chain: validate and run give one clear error at the $ref past the bound, no stack trace', async () => {
    const folder = writeChain(3000);
    const [validate, run] = await Promise.all([runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: folder }), runLoomInProcess(['run', 'flow.arazzo.yaml'], { cwd: folder })]);
    expect(validate.code).toBe(1);
    const lines = validate.stdout.split('\n').filter((line) => line.includes(' error '));
    expect(lines).toHaveLength(1);
    const [, line, column, target] = CROSSING.exec(lines[0]!)!.map(Number);
    // The $ref written in S<target - 1>, on its line, at its value.
    expect(line).toBe(16 + target! - 1);
    expect(column).toBe(`    S${target! - 1}: { $ref: `.length + 1);
    expect(validate.stderr).toBe('');

    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(CROSSING);
    for (const output of [validate.stdout, validate.stderr, run.stdout, run.stderr]) {
      expect(output).not.toMatch(/Maximum call stack|internal error|\n\s+at /);
    }
  });

  it('D39: a 20,000-link chain ends with the same single error', async () => {
    const folder = writeChain(20_000);
    const loaded = await loadDocument(join(folder, 'flow.arazzo.yaml'));
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'openapi-ref-unresolved', source: pathToFileURL(join(folder, 'api.openapi.yaml')).href })]);
    expect(errors[0]!.message).toMatch(/more than 500 levels deep, counting each \$ref followed as a level/);
    expect(loaded.model).toBeUndefined();
  });

  it('a chain within the bound resolves to its end', async () => {
    const folder = writeChain(400);
    const loaded = await loadDocument(join(folder, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.model).toBeDefined();
    const { source, diagnostics } = await loadOpenApiSource('api', pathToFileURL(join(folder, 'api.openapi.yaml')).href);
    expect(diagnostics).toEqual([]);
    const body = source!.operationsById.get('op')!.requestBody as { content: Record<string, { schema: unknown }> };
    expect(body.content['application/json']!.schema).toEqual({ type: 'object', required: ['id'] });
  });

  it('resolution time grows linearly with the chain (10,000 links vs 1,000)', async () => {
    const url = (links: number) => pathToFileURL(join(writeChain(links), 'api.openapi.yaml')).href;
    const small = url(1000);
    const large = url(10_000);
    const best = async (source: string) => {
      let fastest = Infinity;
      for (let attempt = 0; attempt < 2; attempt++) {
        const started = performance.now();
        const result = await loadOpenApiSource('api', source);
        fastest = Math.min(fastest, performance.now() - started);
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toHaveLength(1);
      }
      return fastest;
    };
    await best(small); // warm up the JIT
    const ratio = (await best(large)) / (await best(small));
    // Ten times the links: linear is ~10x, the quadratic resolver was ~100x. A wall-clock ratio
    // has to stay (no counter sees the resolver's inner loop); it is generous for a loaded machine.
    expect(ratio).toBeLessThan(35);
  });
});

/** An Arazzo document whose workflow inputs reference components.inputs I0 -> I1 -> ... */
function inputsChain(links: number, body: (index: number) => string): string {
  let text = `arazzo: 1.0.1
info: { title: inputs chain, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs: { $ref: '#/components/inputs/I0' }
    steps:
      - stepId: s
        operationId: op
components:
  inputs:
`;
  for (let index = 0; index < links; index++) text += `    I${index}: ${body(index)}\n`;
  return `${text}    I${links}: { type: string }\n`;
}

describe('$ref chains into components.inputs', { timeout: 120_000 }, () => {
  const load = (text: string) => {
    const folder = mkdtempSync(join(scratch, 'inputs-'));
    writeFileSync(join(folder, 'api.openapi.yaml'), chainedOpenApi(1));
    writeFileSync(join(folder, 'flow.arazzo.yaml'), text);
    return loadDocument(join(folder, 'flow.arazzo.yaml'));
  };

  it('D39: a 20,000-link chain of inputs refs is one error at the ref past the bound (it overflowed the stack building the model)', async () => {
    const loaded = await load(inputsChain(20_000, (index) => `{ $ref: '#/components/inputs/I${index + 1}' }`));
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'inputs-ref-expansion', path: '/components/inputs/I498/$ref' })]);
    expect(errors[0]!.message).toMatch(/more than 500 levels deep, counting each \$ref followed as a level/);
    expect(loaded.model).toBeUndefined();
  });

  it('D39: inputs that each reference the next one twice (2^30 nodes inlined) are one error, not a hang', async () => {
    const loaded = await load(inputsChain(30, (index) => `{ type: object, properties: { a: { $ref: '#/components/inputs/I${index + 1}' }, b: { $ref: '#/components/inputs/I${index + 1}' } } }`));
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'inputs-ref-expansion', message: expect.stringMatching(/would expand to more than 100000 nodes/) })]);
  });

  it('a short chain and a small shared schema are inlined as before', async () => {
    const loaded = await load(inputsChain(3, (index) => `{ type: object, properties: { a: { $ref: '#/components/inputs/I${index + 1}' }, b: { $ref: '#/components/inputs/I${index + 1}' } } }`));
    expect(loaded.diagnostics).toEqual([]);
    expect(JSON.stringify(loaded.model!.workflows.get('w')!.inputsSchema)).toBe(
      JSON.stringify({ type: 'object', properties: { a: { type: 'object', properties: { a: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }, b: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } } } }, b: { type: 'object', properties: { a: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }, b: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } } } } } }),
    );
  });
});
