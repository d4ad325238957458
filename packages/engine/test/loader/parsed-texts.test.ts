import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument, parseText } from '../../src/index.js';

const folder = mkdtempSync(join(tmpdir(), 'loom-parsed-texts-'));
const file = join(folder, 'flow.arazzo.yaml');
const text = 'arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]\nworkflows:\n  - workflowId: w\n    steps: [{ stepId: s, operationPath: x }]\n';
writeFileSync(file, text);

describe('loadDocument with texts parsed already (loom lint, DECISIONS D55)', () => {
  it('D55: a document read to the same URL and text is not parsed again', async () => {
    const parsed = parseText(text, pathToFileURL(file).href);
    const loaded = await loadDocument(file, { loadSources: false, parsedTexts: [parsed] });
    expect(loaded.parsed).toBe(parsed);
  });

  it('D55: a parsed text that differs from what is read now, or names another URL, is parsed anew', async () => {
    const stale = parseText(text.replace('title: t', 'title: old'), pathToFileURL(file).href);
    const elsewhere = parseText(text, pathToFileURL(join(folder, 'other.yaml')).href);
    const loaded = await loadDocument(file, { loadSources: false, parsedTexts: [stale, elsewhere] });
    expect(loaded.parsed).not.toBe(stale);
    expect(loaded.parsed).not.toBe(elsewhere);
    expect((loaded.parsed.data as { info: { title: string } }).info.title).toBe('t');
  });

  it('D55: a text in hand that a parsed text holds (loom lint) is taken with that parse, and the file is not read again', async () => {
    const linted = join(folder, 'linted.arazzo.yaml');
    writeFileSync(linted, text);
    const parsed = parseText(text, pathToFileURL(linted).href);
    // The file changes after lint read it: the analysis stays on the text lint read (one read, one text for both passes).
    writeFileSync(linted, 'not: [an arazzo document\n');
    const loaded = await loadDocument(linted, { loadSources: false, text, parsedTexts: [parsed] });
    expect(loaded.parsed).toBe(parsed);
    // The linted text's one problem (its operationPath), not the changed file's syntax error.
    expect(loaded.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['operation-path-format']);
  });
});
