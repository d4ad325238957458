import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../lint/fixtures/${name}`, import.meta.url));

describe('loadDocument({ model: false }): checked, not built (loom lint)', () => {
  it('a valid document: the same diagnostics and operations, no model built or compiled, its data left as parsed', async () => {
    const full = await loadDocument(fixture('valid.arazzo.yaml'));
    const checked = await loadDocument(fixture('valid.arazzo.yaml'), { model: false });
    expect(full.model).toBeDefined();
    expect(checked.model).toBeUndefined();
    expect(checked.diagnostics).toEqual(full.diagnostics);
    expect([...checked.stepOperations.keys()]).toEqual([...full.stepOperations.keys()]);
    expect([...checked.openApiSources.keys()]).toEqual([...full.openApiSources.keys()]);
    // Building the model freezes the parsed data with it.
    expect(Object.isFrozen(full.parsed.data)).toBe(true);
    expect(Object.isFrozen(checked.parsed.data)).toBe(false);
  });

  it('a document with errors: the same diagnostics, and its partial model all the same', async () => {
    const full = await loadDocument(fixture('errors-elsewhere.arazzo.yaml'));
    const checked = await loadDocument(fixture('errors-elsewhere.arazzo.yaml'), { model: false });
    expect(checked.diagnostics).toEqual(full.diagnostics);
    expect(checked.partial).toBeDefined();
    expect(checked.partial?.model?.workflows.size).toBe(full.partial?.model?.workflows.size);
  });
});
