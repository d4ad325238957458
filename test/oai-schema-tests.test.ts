import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../packages/engine/src/index.js';
import { loadArazzoSchemaValidator, runArazzoSchema, type ArazzoVersion } from '../packages/engine/src/validate/schema-validator.js';

/**
 * The Arazzo specification repository's own schema test suite (tests/schema, vendored under
 * test/fixtures/oai-schema-tests/<version>/; README there names the commit): every `pass` case
 * is valid and every `fail` case invalid under the schema Loom validates that version with
 * (DECISIONS D23 for 1.0, D71 for 1.1). The suite's cases are upstream's, unchanged.
 */
const root = fileURLToPath(new URL('./fixtures/oai-schema-tests/', import.meta.url));

/** Cases where Loom's corrected schema and upstream's disagree on purpose: none so far (each would be listed with its reason). */
const EXPECTED_DIFFERENCES: Readonly<Record<string, string>> = {};

function cases(version: ArazzoVersion, outcome: 'pass' | 'fail'): string[] {
  return readdirSync(`${root}${version}/${outcome}`).filter((name) => name.endsWith('.yaml')).sort();
}

function mismatches(version: ArazzoVersion): string[] {
  const wrong: string[] = [];
  for (const outcome of ['pass', 'fail'] as const) {
    for (const name of cases(version, outcome)) {
      const key = `${version}/${outcome}/${name}`;
      const data = parseText(readFileSync(`${root}${key}`, 'utf8'), `file:///${key}`).data;
      const valid = runArazzoSchema(data, version).length === 0;
      const expectedValid = EXPECTED_DIFFERENCES[key] ? outcome !== 'pass' : outcome === 'pass';
      if (valid !== expectedValid) wrong.push(`${key}: ${valid ? 'valid' : 'invalid'}`);
    }
  }
  return wrong;
}

describe('the OAI schema test suite', () => {
  beforeAll(() => loadArazzoSchemaValidator('1.1'));

  it('D71: every 1.1 pass case is valid and every 1.1 fail case invalid', () => {
    expect(cases('1.1', 'pass').length).toBeGreaterThan(30);
    expect(cases('1.1', 'fail').length).toBeGreaterThan(20);
    expect(mismatches('1.1')).toEqual([]);
  });

  it('D23: every 1.0 pass case is valid and every 1.0 fail case invalid', () => {
    expect(cases('1.0', 'pass').length).toBeGreaterThan(2);
    expect(cases('1.0', 'fail').length).toBeGreaterThan(1);
    expect(mismatches('1.0')).toEqual([]);
  });
});
