// Regenerates specs/arazzo-1.0.schema.json and specs/arazzo-1.1.schema.json from their YAML
// (the sources of truth, DECISIONS D23 and D71), then the precompiled validator modules
// packages/engine/src/validate/arazzo-schema-validator.generated.ts and
// arazzo-1.1-schema-validator.generated.ts from that JSON.
// The JSON carries no header (JSON has no comments): .gitattributes marks it as generated.
// Run from the repository root: node specs/generate-schema-module.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/engine/package.json', import.meta.url));
const { parse } = require('yaml');
for (const version of ['1.0', '1.1']) {
  const schema = parse(readFileSync(new URL(`./arazzo-${version}.schema.yaml`, import.meta.url), 'utf8'));
  writeFileSync(new URL(`./arazzo-${version}.schema.json`, import.meta.url), JSON.stringify(schema, null, 2) + '\n');
}

execFileSync(process.execPath, [new URL('../packages/engine/scripts/generate-schema-validator.mjs', import.meta.url).pathname], { stdio: 'inherit' });
