import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseText } from '@loom/engine';
import { describe, expect, it } from 'vitest';
import { createEngineAnalysis } from '../src/engine-analysis.js';
import { toSpectralDocument } from '../src/spectral-document.js';

const folder = mkdtempSync(join(tmpdir(), 'loom-engine-analysis-'));
const text = 'arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]\nworkflows:\n  - workflowId: w\n    steps: [{ stepId: s, operationPath: x }]\n';

describe("Loom's rules analyse the text Spectral lints (DECISIONS D55)", () => {
  it('D55: the engine takes the text and parse lint read, not the file read a second time', async () => {
    const file = join(folder, 'flow.arazzo.yaml');
    writeFileSync(file, text);
    const parsed = parseText(text, pathToFileURL(file).href);
    const document = toSpectralDocument(parsed, file);
    // Changed after lint read it: were the file read again, the engine would report on other text than Spectral's.
    writeFileSync(file, 'arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nworkflows: []\n');
    const analysis = await createEngineAnalysis({ loadSources: false })(document);
    expect(analysis.url).toBe(parsed.uri);
    // The linted text's one problem (its operationPath), not the changed file's schema errors (no steps).
    expect(analysis.validation.map((diagnostic) => [diagnostic.code, diagnostic.range?.start.line])).toEqual([['operation-path-format', 6]]);
  });
});
