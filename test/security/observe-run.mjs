// Runs a workflow through the engine API (the built package) in a process of its own, with
// Node's default stack (vitest workers have a larger one), recording every event with onEvent.
// Usage: node observe-run.mjs <flow.arazzo.yaml> [mask|show]
// Prints one JSON line: status, steps, the failed criteria's explanations, and the size of the events as JSON.
import { loadDocument, run } from '../../packages/engine/dist/index.js';

const [file, mode = 'mask'] = process.argv.slice(2);
const loaded = await loadDocument(file);
const events = [];
const result = await run(loaded, { onEvent: (event) => events.push(event), maskSecrets: mode === 'mask', maskEvents: mode === 'mask' });
const explanations = events.filter((event) => event.type === 'criterion' && !event.passed).map((event) => event.explanation);
// A masked result is cut off 1,000 levels deep (D33) and so is every event; an unmasked result is whole, for code to use.
const text = JSON.stringify(mode === 'mask' ? { events, result } : { events });
process.stdout.write(`${JSON.stringify({ status: result.status, steps: result.steps.map((step) => `${step.stepId}:${step.status}`), explanations, eventsJson: text.length, error: result.error?.message })}\n`);
