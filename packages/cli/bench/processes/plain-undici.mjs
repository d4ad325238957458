// Baseline for the cold-start benchmark: the same two requests as the benchmark
// workflow, written by hand with undici, in a fresh process.
// Usage: node plain-undici.mjs <serverUrl> <name> <tag>
import { createRequire } from 'node:module';

// undici is the engine's dependency, not the CLI's; resolve it from there (the same copy Loom loads).
const { request } = createRequire(new URL('../../../engine/package.json', import.meta.url))('undici');

const [serverUrl, name, tag] = process.argv.slice(2);
const created = await request(`${serverUrl}/pets`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name, tag }),
});
const pet = await created.body.json();
if (created.statusCode !== 201 || pet.status !== 'available') throw new Error(`createPet failed: ${created.statusCode}`);
const fetched = await request(`${serverUrl}/pets/${encodeURIComponent(String(pet.id))}`);
const body = await fetched.body.json();
if (fetched.statusCode !== 200 || body.name !== name) throw new Error(`getPet failed: ${fetched.statusCode}`);
process.stdout.write(`${JSON.stringify({ status: 'success', outputs: { petId: pet.id, name: body.name, status: body.status } })}\n`);
