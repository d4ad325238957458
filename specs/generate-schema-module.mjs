// Regenerates specs/arazzo-1.0.schema.json from specs/arazzo-1.0.schema.yaml (the source of
// truth, DECISIONS D23), then the precompiled validator module
// packages/engine/src/validate/arazzo-schema-validator.generated.ts from that JSON.
// The JSON carries no header (JSON has no comments): .gitattributes marks it as generated.
// Run from the repository root: node specs/generate-schema-module.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/engine/package.json', import.meta.url));
const { parse } = require('yaml');
const schema = parse(readFileSync(new URL('./arazzo-1.0.schema.yaml', import.meta.url), 'utf8'));
writeFileSync(new URL('./arazzo-1.0.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');

execFileSync(process.execPath, [new URL('../packages/engine/scripts/generate-schema-validator.mjs', import.meta.url).pathname], { stdio: 'inherit' });
