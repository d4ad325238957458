import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs against packages/engine/dist in a fresh process (the tests' global setup builds it first):
// which modules a process loads is only visible from outside the test runner.
const dist = new URL('../../dist/index.js', import.meta.url);
const fixture = fileURLToPath(new URL('../../bench/fixtures/pets.arazzo.yaml', import.meta.url));
// ajv's compiler (not its small runtime, which the precompiled Arazzo validator uses) and ajv-formats
// are heavy too: they load when a run validates inputs or a lint checks a body. re2js and regexpp
// (regex criteria, JSONPath match/search) load on first use since issue 12.
const HEAVY = ['fontoxpath', '@xmldom', 'json-p3', '@stoplight', 'json-schema-to-typescript', 'ajv/dist/compile', 'ajv-formats', 're2js', '@eslint-community/regexpp'];

// ESM imports are seen by a resolve hook; CommonJS ones (and `require`) by the require cache.
const RESOLVE_HOOK = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const result = await next(specifier, context); port.postMessage(result.url); return result; }`;

/** Loads the benchmark workflow with the engine, then runs `after`; the heavy packages the process loaded. */
function heavyModulesLoaded(after = ''): string[] {
  const script = `
    import { createRequire, register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const { port1, port2 } = new MessageChannel();
    const resolved = [];
    port1.on('message', (url) => resolved.push(url));
    port1.unref();
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RESOLVE_HOOK)}), { data: { port: port2 }, transferList: [port2] });
    const engine = await import(${JSON.stringify(dist.href)});
    const loaded = await engine.loadDocument(${JSON.stringify(fixture)});
    if (!loaded.model) throw new Error('fixture invalid: ' + loaded.diagnostics.map((d) => d.message).join('; '));
    ${after}
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cache = [...resolved, ...Object.keys(createRequire(${JSON.stringify(dist.href)}).cache)];
    process.stdout.write(JSON.stringify(${JSON.stringify(HEAVY)}.filter((name) => cache.some((path) => path.includes('/node_modules/' + name)))));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
  if (child.status !== 0) throw new Error(`child process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[];
}

describe('startup: heavy modules load only when a document needs them', () => {
  it('loading and compiling a workflow without jsonpath or xpath criteria loads none of them', () => {
    // compileDocument is not public (loadDocument compiles); it is called from its module to compile again.
    const compile = `const { compileDocument } = await import(${JSON.stringify(new URL('../../dist/runner/compile-plan.js', import.meta.url).href)});
      compileDocument(loaded.model);`;
    expect(heavyModulesLoaded(compile)).toEqual([]);
  });

  it('re2js and regexpp load once a regex criterion is compiled (the check above can see them)', () => {
    const compileRegex = `
      const { compileCriterion } = await import(${JSON.stringify(new URL('../../../expressions/dist/index.js', import.meta.url).href)});
      compileCriterion({ context: '$response.body', condition: '^ok', type: 'regex' });`;
    expect(heavyModulesLoaded(compileRegex)).toEqual(['re2js', '@eslint-community/regexpp']);
  });

  it('the JSONPath library loads once a jsonpath criterion is compiled (the check above can see it)', () => {
    const compileJsonPath = `
      const { compileCriterion } = await import(${JSON.stringify(new URL('../../../expressions/dist/index.js', import.meta.url).href)});
      compileCriterion({ context: '$response.body', condition: '$.pets[0]', type: 'jsonpath' });`;
    expect(heavyModulesLoaded(compileJsonPath)).toEqual(['json-p3']);
  });
});
