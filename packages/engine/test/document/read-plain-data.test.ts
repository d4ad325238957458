import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { readPlainData, readPlainDataByEvents } from '../../src/document/read-plain-data.js';
import { readPlainDataFast } from '../../src/document/read-plain-fast.js';
import { generateLargeDocument } from '../../bench/support/large-document.mjs';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every YAML and JSON file of the repository's tests, examples and specs. */
function corpus(): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(join(root, folder))) {
      const path = join(folder, entry);
      if (entry === 'node_modules' || entry === 'dist') continue;
      if (statSync(join(root, path)).isDirectory()) visit(path);
      else if (/\.(ya?ml|json)$/.test(entry)) files.push({ name: path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of ['packages', 'examples', 'specs', 'test']) visit(folder);
  return files;
}

/** Scalars where YAML libraries and versions disagree (YAML 1.1 booleans, octal, sexagesimal, underscores...). */
const SCALARS = [
  '0o17', '0x1F', '0b101', '012', '08', '1_000', '+12', '-0', '+0', '.5', '1.', '1e3', '1E+3', '-1.5e-3', '.inf', '-.Inf', '+.INF', '.NaN', '.nan',
  'True', 'TRUE', 'true', 'False', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', 'Null', 'NULL', '~', '2024-01-01', '2001-12-14t21:59:43.10-05:00',
  '12:30:00', '190:20:30', '1:2', '0.1e', '9007199254740993', '123456789012345678901234567890', '"\\u00e9\\x41\\t"', "'it''s'", '"a\\\n  b"', 'a  b',
  '=', '<<', '-', '"0x10"', "'1'",
];

function expectSameReading(text: string, label: string): boolean {
  const plain = readPlainData(text);
  if (plain === undefined) return false;
  const document = parseDocument(text);
  expect(document.errors, label).toEqual([]);
  expect(document.warnings, label).toEqual([]);
  expect(plain.data, label).toEqual(document.toJS());
  return true;
}

describe('reading a text without positions (DECISIONS D55)', () => {
  it('D55: wherever the plain reading is taken, yaml reads the same data with no error or warning (the repository corpus)', () => {
    let taken = 0;
    const files = corpus();
    for (const { name, text } of files) if (expectSameReading(text, name)) taken++;
    // Most files are valid documents: the plain reading must be the common case, not the exception.
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('D55: scalars as values and as keys, in plain, quoted and flow forms, read as yaml reads them', () => {
    let taken = 0;
    for (const scalar of SCALARS) {
      for (const text of [`value: ${scalar}\n`, `${scalar}: value\n`, `list: [${scalar}, x]\n`, `map: { ${scalar}: 1 }\n`, `- ${scalar}\n`]) {
        if (expectSameReading(text, JSON.stringify(text))) taken++;
      }
    }
    expect(taken).toBeGreaterThan(SCALARS.length * 3);
  });

  it('D55: block scalars, folding, comments, JSON text and an empty key read as yaml reads them', () => {
    const texts = [
      'a: |\n  one\n  two\n\nb: >-\n  folded\n  line\n\n  kept\nc: |+\n  keep\n\n',
      'a: "multi\n  line"\nb: \'single\n\n  quoted\'\n# comment\nc: plain\n  continued # trailing\n',
      '{"arazzo": "1.0.1", "n": [1, 2.5, -0, true, null, "x"], "o": {"": 1}}',
      '"": empty quoted key\n',
      '? complex\n: value\n',
      'a:\n  - b: 1\n    c: [1, {d: e}]\n  -\n  - - nested\n',
    ];
    for (const text of texts) expectSameReading(text, JSON.stringify(text));
  });

  it('D55: aliases, tags, directives, duplicate keys, several documents, null and collection keys, syntax errors and deep nesting take the full reading', () => {
    const texts = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: !custom x\n',
      '%YAML 1.1\n---\na: yes\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      'null: x\n',
      '~: x\n',
      ': x\n',
      '[a]: b\n',
      '? [a]\n: b\n',
      'a: [\n',
      '\ta: 1\n',
      'a: b: c\n',
      '',
      `${'['.repeat(501)}${']'.repeat(501)}`,
      `${'['.repeat(20_000)}`,
    ];
    for (const text of texts) expect(readPlainData(text), JSON.stringify(text.slice(0, 40))).toBeUndefined();
  });

  it('D55: nesting up to the limit is read without positions; one level more takes the full reading, which reports it (D38)', () => {
    expect(readPlainData(`${'['.repeat(500)}${']'.repeat(500)}`)).toBeDefined();
    const deeper = parseText(`${'['.repeat(501)}${']'.repeat(501)}`, 'file:///deep.yaml');
    expect(deeper.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([expect.stringMatching(/more than 500 levels deep/)]);
  });

  it('D55: a document read without positions locates its nodes on demand, at the same places as the full reading', () => {
    const text = 'arazzo: 1.0.1\ninfo:\n  title: "T"\n  version: 1.0.0\nworkflows:\n  - workflowId: w\n    steps: []\n';
    const parsed = parseText(text, 'file:///t.yaml');
    expect(readPlainData(text)).toBeDefined();
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.locate(['info', 'title'])).toMatchObject({ start: { line: 3, column: 10 }, end: { line: 3, column: 13 } });
    expect(parsed.locate(['workflows', 0, 'workflowId'], 'key')).toMatchObject({ start: { line: 6, column: 5 } });
    expect(parsed.position(text.indexOf('steps'))).toMatchObject({ line: 7, column: 5 });
  });

  it("D55: js-yaml 4's fast reading is taken only where js-yaml 5's events read the same data (the repository corpus)", () => {
    let taken = 0;
    const files = corpus();
    for (const { name, text } of files) {
      const fast = readPlainDataFast(text);
      if (fast === undefined) continue;
      taken++;
      expect(readPlainDataByEvents(text)?.data, name).toEqual(fast.data);
    }
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('D55: anchors, tags, directives, warnings, null and collection keys, null documents and deep nesting leave the fast reading', () => {
    const texts = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'x: ! 1\n',
      'x: !<tag:loom,2026:core-scalar> 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '%TAG !e! tag:e.com,2000:\n---\na: 1\n',
      '%FOO bar\n---\na: 1\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      'null: x\n',
      '~: x\n',
      ': x\n',
      '? ~\n: x\n',
      '[a]: b\n',
      '? [a]\n: b\n',
      '? [a] # comment\n\n: b\n',
      '{[a]: b}',
      '{? [a] : b}',
      '[[a]: b]',
      '[: x]',
      '[~: x]',
      '{: x}',
      '',
      '---\n',
      '~\n',
      `${'['.repeat(501)}${']'.repeat(501)}`,
      `${'['.repeat(20_000)}`,
    ];
    for (const text of texts) expect(readPlainDataFast(text), JSON.stringify(text.slice(0, 40))).toBeUndefined();
  });

  it('D55: the large generated document takes the fast reading, with the data of the event reading', () => {
    const { arazzo } = generateLargeDocument({ workflows: 2, steps: 50 });
    const fast = readPlainDataFast(arazzo);
    expect(fast).toBeDefined();
    expect(fast!.data).toEqual(readPlainDataByEvents(arazzo)!.data);
  });
});
