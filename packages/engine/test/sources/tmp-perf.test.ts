import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadOpenApiSource } from '../../src/sources/index.js';
it('perf', async () => {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < 300; i++) schemas[`S${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/S${(i * 7 + 1) % 300}` }, b: { $ref: `#/components/schemas/S${(i * 13 + 5) % 300}` } } };
  for (let i = 0; i < 3000; i++) paths[`/r${i}/{id}`] = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: { operationId: `op${i}`, responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/S${i % 300}` } } } } } }, post: { operationId: `post${i}`, responses: { 200: { description: 'ok' } } } };
  writeFileSync('/tmp/big-openapi.json', JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths, components: { schemas } }));
  const t = performance.now();
  const r = await loadOpenApiSource('big', 'file:///tmp/big-openapi.json');
  console.log('ms', performance.now() - t, r.source?.operations.length, r.diagnostics.length, JSON.stringify(r.source?.document).length);
});
