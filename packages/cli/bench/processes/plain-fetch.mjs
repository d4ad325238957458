// Baseline for the cold-start benchmark (issue 12): the same two requests as the benchmark
// workflow, written by hand with Node's global `fetch`, in a fresh process. No import at all:
// what any Node script that calls an API costs.
// Usage: node plain-fetch.mjs <serverUrl> <name> <tag>
const [serverUrl, name, tag] = process.argv.slice(2);
const created = await fetch(`${serverUrl}/pets`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name, tag }),
});
const pet = await created.json();
if (created.status !== 201 || pet.status !== 'available') throw new Error(`createPet failed: ${created.status}`);
const fetched = await fetch(`${serverUrl}/pets/${encodeURIComponent(String(pet.id))}`);
const body = await fetched.json();
if (fetched.status !== 200 || body.name !== name) throw new Error(`getPet failed: ${fetched.status}`);
process.stdout.write(`${JSON.stringify({ status: 'success', outputs: { petId: pet.id, name: body.name, status: body.status } })}\n`);
