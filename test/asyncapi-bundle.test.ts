import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLoom } from './support/run-loom.js';

/**
 * The bundled CLI reads an AsyncAPI source: @asyncapi/parser is a chunk of its own, loaded by a dynamic
 * import only when a document has an `asyncapi` source (DECISIONS D73), and it works from the bundle.
 */
const folder = fileURLToPath(new URL('./fixtures/spec-1.1/', import.meta.url));
const petstore = fileURLToPath(new URL('../packages/engine/test/fixtures/sources/petstore.openapi.yaml', import.meta.url));

describe('loom validate (bundle) with an AsyncAPI source', () => {
  it(
    "D73: the spec's 1.1 example: the AsyncAPI file is parsed and the missing confirmOrder operation reported",
    async () => {
      const result = await runLoom(
        ['validate', 'spec-inline-pet-purchase.arazzo.yaml', '--source', `petStoreDescription=${petstore}`, '--source', 'asyncOrderApiDescription=pet-asyncapi.yaml'],
        { cwd: folder },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        "spec-inline-pet-purchase.arazzo.yaml:83:20  error  asyncapi-operation-unresolved  Step 'confirmPetPurchaseStep': the AsyncAPI source 'asyncOrderApiDescription' has no operation 'confirmOrder' (it has: placeOrder).",
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    // The process loads the AsyncAPI parser and builds its Spectral ruleset; on a loaded machine that takes seconds.
    120_000,
  );
});
