import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../packages/engine/src/index.js';
import { runArazzoSchema, type ArazzoVersion } from '../packages/engine/src/validate/schema-validator.js';

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

for (const version of ['1.0', '1.1'] as const) {
  describe(`OAI schema tests, Arazzo ${version}`, () => {
    for (const outcome of ['pass', 'fail'] as const) {
      const names = cases(version, outcome);
      it(`${version === '1.1' ? 'D71' : 'D23'}: the suite has ${outcome} cases`, () => {
        expect(names.length).toBeGreaterThan(version === '1.1' ? 20 : 1);
      });
      for (const name of names) {
        const key = `${version}/${outcome}/${name}`;
        it(`${outcome}/${name} is ${outcome === 'pass' ? 'valid' : 'invalid'}${EXPECTED_DIFFERENCES[key] ? ' (expected difference)' : ''}`, () => {
          const data = parseText(readFileSync(`${root}${key}`, 'utf8'), `file:///${key}`).data;
          const valid = runArazzoSchema(data, version).length === 0;
          expect(valid, key).toBe(EXPECTED_DIFFERENCES[key] ? outcome !== 'pass' : outcome === 'pass');
        });
      }
    }
  });
}
