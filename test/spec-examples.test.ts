import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument, type Diagnostic, type LoadOptions, type ResolvedDocument } from '../packages/engine/src/index.js';

/**
 * Conformance over the Arazzo specification's own examples (examples/spec, copies of
 * arazzo-spec/examples/1.0.0). Every one passes the schema and the semantic rules;
 * where the example itself is wrong, Loom's clear error is asserted instead.
 */
const folder = fileURLToPath(new URL('../examples/spec/', import.meta.url));
const examplePath = (name: string): string => folder + name;
const examples = readdirSync(folder).filter((name) => /arazzo\.yaml$|-arazzo\.yaml$/.test(name));
/**
 * bnpl-arazzo.yaml's own mistakes, found by the expressions check: a step reading an
 * output it does not declare (231: its own `redirectAuthToken`; 242, 253: `loanTransactionId`,
 * which initiateBnplTransaction does not output) and `$steps.x.finalizedPaymentPlan` without `.outputs` (260).
 */
const BNPL_EXPRESSION_ERRORS = [
  { code: 'expression-unknown-output', severity: 'error', line: 231 },
  { code: 'expression-unknown-output', severity: 'error', line: 242 },
  { code: 'expression-unknown-output', severity: 'error', line: 253 },
  { code: 'expression-missing-outputs', severity: 'error', line: 260 },
];
const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.range?.start.line }));

/** Every operation step of every workflow has its operation; every workflow step its target. */
function expectAllTargetsResolved(model: ResolvedDocument): number {
  let operations = 0;
  for (const workflow of model.workflows.values()) {
    for (const step of workflow.steps) {
      if (step.definition.workflowId !== undefined) {
        expect(step.target.kind).toBe('workflow');
        continue;
      }
      expect(step.target.kind, step.stepId).toBe('operation');
      if (step.target.kind === 'operation') {
        expect(step.target.operation.operationId ?? step.target.operation.pointer).toBeTruthy();
        operations++;
      }
    }
  }
  return operations;
}

describe('spec examples: schema and semantic rules (sources not loaded)', () => {
  it('finds the examples', () => {
    expect(examples.length).toBe(6);
  });
  it.each(examples.filter((name) => name !== 'bnpl-arazzo.yaml'))('%s is valid', async (name) => {
    const loaded = await loadDocument(examplePath(name), { loadSources: false });
    expect(loaded.document).toBeDefined();
    expect(summary(loaded.diagnostics)).toEqual([]);
  });

  it('bnpl passes the schema and semantic rules; its only errors are its own broken expressions', async () => {
    const loaded = await loadDocument(examplePath('bnpl-arazzo.yaml'), { loadSources: false });
    expect(summary(loaded.diagnostics)).toEqual(BNPL_EXPRESSION_ERRORS);
  });
});

describe('spec examples: sources and operations', () => {
  const load = (name: string, options: LoadOptions = {}) => loadDocument(examplePath(name), options);

  it('oauth resolves every operation', async () => {
    const loaded = await load('oauth.arazzo.yaml');
    expect(summary(loaded.diagnostics)).toEqual([]);
    expect(expectAllTargetsResolved(loaded.model!)).toBe(4);
    const refresh = loaded.model!.workflows.get('refresh-token-flow')!;
    const child = refresh.steps[0]!.target;
    expect(child.kind === 'workflow' && child.document === loaded.model && child.workflowId).toBe('authorization-code-flow');
  });

  it('pet-coupons resolves every operation, its Reusable parameters and its inputs $refs', async () => {
    const loaded = await load('pet-coupons.arazzo.yaml');
    expect(summary(loaded.diagnostics)).toEqual([]);
    expect(expectAllTargetsResolved(loaded.model!)).toBe(4);
    const findPet = loaded.model!.workflows.get('buy-available-pet')!.steps[0]!;
    expect(findPet.parameters).toEqual([
      { name: 'status', in: 'query', value: 'available' },
      { name: 'page', in: 'query', value: 1, reference: '$components.parameters.page' },
      { name: 'pageSize', in: 'query', value: 10, reference: '$components.parameters.pageSize' },
    ]);
    const inputs = loaded.model!.workflows.get('apply-coupon')!.inputsSchema as { properties: Record<string, unknown> };
    expect(inputs.properties['store_id']).toMatchObject({ type: 'string' });
  });

  it('bnpl resolves every operation with a source override to the local bnpl-openapi.yaml', async () => {
    const loaded = await load('bnpl-arazzo.yaml', { sourceOverrides: { BnplApi: examplePath('bnpl-openapi.yaml') } });
    // Every operation resolves: nothing but the example's own expression errors is reported.
    expect(summary(loaded.diagnostics)).toEqual(BNPL_EXPRESSION_ERRORS);
    // Without the override the remote URL would be read; with it, no source-unreadable and no operation-* problem.
    expect(loaded.diagnostics.some((d) => d.code.startsWith('operation-') || d.code === 'source-unreadable')).toBe(false);
  });

  it("FAPI-PAR: the example's operationId 'PAR' does not match the OpenAPI's 'Par' (operationIds are case-sensitive)", async () => {
    const loaded = await load('FAPI-PAR.arazzo.yaml');
    expect(summary(loaded.diagnostics)).toEqual([{ code: 'operation-unresolved', severity: 'error', line: 102 }]);
    expect(loaded.diagnostics[0]!.message).toBe("Step 'PARStep': operationId 'PAR' is not defined in source description 'auth-api'; did you mean 'Par'?");
  });

  it("LoginAndRetrievePets: the example's operationPath points at a path item, not an operation", async () => {
    const petstore = fileURLToPath(new URL('../packages/engine/test/fixtures/sources/petstore.openapi.yaml', import.meta.url));
    const loaded = await load('LoginAndRetrievePets.arazzo.yaml', { sourceOverrides: { petStoreDescription: petstore } });
    expect(summary(loaded.diagnostics)).toEqual([{ code: 'operation-path-not-operation', severity: 'error', line: 46 }]);
    expect(loaded.diagnostics[0]!.message).toContain("Step 'getPetStep'");
    expect(loaded.diagnostics[0]!.message).toContain('#/paths/~1pet~1findByStatus/get');
  });

  it('ExtendedParametersExample: the example names a file that does not exist', async () => {
    const loaded = await load('ExtendedParametersExample.arazzo.yaml');
    expect(summary(loaded.diagnostics)).toEqual([{ code: 'source-unreadable', severity: 'error', line: 8 }]);
    expect(loaded.diagnostics[0]!.message).toMatch(/^Source description 'animals': cannot read .*animals\.yaml: no such file/);
    expect(loaded.model).toBeUndefined();
  });
});

/**
 * The Arazzo 1.1.0 text's own example (test/fixtures/spec-1.1, with the spec's pet-asyncapi.yaml): it loads, both
 * sources resolve locally, and its real defects are reported, each once, at its line (DECISIONS D72, D73).
 */
describe('spec examples: Arazzo 1.1.0', () => {
  const folder11 = fileURLToPath(new URL('./fixtures/spec-1.1/', import.meta.url));
  const petstore = fileURLToPath(new URL('../packages/engine/test/fixtures/sources/petstore.openapi.yaml', import.meta.url));

  it(
    'D73: the pet purchase example loads, and its own defects are reported clearly',
    async () => {
      const loaded = await loadDocument(`${folder11}spec-inline-pet-purchase.arazzo.yaml`, {
        sourceOverrides: { petStoreDescription: petstore, asyncOrderApiDescription: `${folder11}pet-asyncapi.yaml` },
      });
      const found = loaded.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.range?.start.line, message: d.message }));
      const at = (code: string, line: number) => found.find((d) => d.code === code && d.line === line)?.message;
      // The misspelt source name (petstoreDescription for petStoreDescription), in the operationId and in the operationPath.
      expect(at('expression-unknown-source', 33)).toContain('there is no source description petstoreDescription (known: petStoreDescription, asyncOrderApiDescription)');
      expect(at('operation-source-unknown', 52)).toContain('petstoreDescription');
      // Asynchronous steps written with operationPath.
      for (const line of [71, 83]) expect(at('arazzo-schema', line)).toMatch(/asynchronous \(AsyncAPI\) step: it names its operation with 'operationId' or 'channelPath', not 'operationPath'/);
      // confirmOrder is not an operation of pet-asyncapi.yaml; placeOrder is.
      expect(at('asyncapi-operation-unresolved', 83)).toBe("Step 'confirmPetPurchaseStep': the AsyncAPI source 'asyncOrderApiDescription' has no operation 'confirmOrder' (it has: placeOrder).");
      expect(found.filter((d) => d.code === 'asyncapi-operation-unresolved')).toHaveLength(1);
      // $message.payload.orderId: not the 1.1 grammar's $message.payload#/orderId; read so, with a warning (D24).
      expect(at('expression-dot-path', 88)).toContain('write $message.payload#/orderId');
      // Its `$self` (line 2) is the base URI of its sources (D107), not an unsupported feature; its asynchronous steps run (D27).
      expect(found.filter((d) => d.code === 'unsupported-feature')).toEqual([]);
      // Nothing else: the sources load and the rest of the example is valid.
      expect(found.filter((d) => d.severity !== 'error').map((d) => d.code)).toEqual(['expression-dot-path']);
      expect(found.map((d) => d.code).sort()).toEqual(
        [
          'arazzo-schema',
          'arazzo-schema',
          'asyncapi-operation-unresolved',
          'expression-dot-path',
          'expression-unknown-source',
          'operation-path-format',
          'operation-path-format',
          'operation-source-unknown',
        ].sort(),
      );
      expect(loaded.model).toBeUndefined();
    },
    // The AsyncAPI parser builds its Spectral ruleset on first use; on a loaded machine that takes seconds.
    120_000,
  );
});

