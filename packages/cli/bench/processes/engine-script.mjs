// The benchmark workflow run by a script that embeds the engine (packages/engine/dist):
// loadDocument + run, no CLI. Usage: node engine-script.mjs <arazzoFile> <serverUrl> <name> <tag>
import { loadDocument, run } from '../../../engine/dist/index.js';

const [file, serverUrl, name, tag] = process.argv.slice(2);
const loaded = await loadDocument(file);
const result = await run(loaded, { inputs: { name, tag }, servers: { pets: serverUrl } });
process.stdout.write(`${JSON.stringify({ status: result.status, outputs: result.outputs })}\n`);
process.exitCode = result.status === 'success' ? 0 : 1;
