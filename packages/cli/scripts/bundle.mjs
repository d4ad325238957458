// Bundles the `loom` command into packages/cli/dist/bundle/ (loom.mjs plus chunks), the file
// the `loom` bin runs. Issue 5: a cold start loaded ~200 ms of small ESM files of the
// engine, expressions, yaml and undici one by one; one file loads in a fraction of that.
// Input is what `tsc -b` wrote (packages/*/dist), so the bundle is always type-checked code:
// run after `tsc -b` of the four packages (`pnpm run build`, scripts/build.mjs, runs both).
//
// What stays out of the main chunk (read only when a document or command needs it):
//   - dynamic `import()`s become chunks of their own (`splitting`): fontoxpath + @xmldom/xmldom
//     (xpath criteria), ajv + ajv-formats (workflow inputs of a run);
//   - @loom/spectral-ruleset (Spectral) is bundled too, as chunks `loom lint` alone loads: resolving
//     and reading hundreds of small CommonJS files one by one cost about 1 s of CPU at every lint (D55);
//     Spectral's ajv schemas (its ruleset validator, its functions' options) are compiled at build time (spectral-precompiled.mjs);
//   - json-schema-to-typescript stays external: a dependency of @loom/cli that resolves from
//     packages/cli/node_modules at run time;
//   - `createRequire(import.meta.url)`, which bundlers do not follow (the JSONPath library in
//     @loom/expressions, ajv in the engine's request-body lint, the CLI's own package.json),
//     keeps working: see `keepCreateRequireBase` below;
//   - of undici, only what Loom imports is bundled: see `slimUndici` below.
// `node packages/cli/dist/bin.js` stays the unbundled CLI, for debugging.
// Usage: node packages/cli/scripts/bundle.mjs [--metafile]
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompiledFunctionSchemas, precompiledRulesetValidator } from './spectral-precompiled.mjs';

const cliFolder = fileURLToPath(new URL('..', import.meta.url));
const packagesFolder = path.dirname(cliFolder);
export const BUNDLE_FOLDER = path.join(cliFolder, 'dist', 'bundle');
export const BUNDLE_ENTRY = path.join(BUNDLE_FOLDER, 'loom.mjs');

/** Dependencies of @loom/cli that are loaded on demand and resolve from packages/cli. */
// fsevents: macOS's file watcher, which rollup (Spectral's ruleset bundler) requires only in watch mode, never used here.
// @loom/queue/dashboard: Bull Board finds its page and assets on disk from its own package (require.resolve), so it
// runs from packages/queue's dist, where its dependencies resolve; `loom dashboard` alone loads it.
const EXTERNAL = ['json-schema-to-typescript', 'fsevents', '@loom/queue/dashboard'];

/**
 * `createRequire(import.meta.url)` resolves from the module's own file; in the bundle that
 * file is dist/bundle/*.mjs, where neither another package's dependencies nor a relative
 * `../package.json` are found. Each such call in a workspace package's dist file is
 * rewritten to resolve from that original file, as a URL relative to the bundle folder
 * (so the bundle keeps working wherever the repository is). What it requires stays a
 * lazy, separate load, as in the unbundled code.
 */
const keepCreateRequireBase = {
  name: 'keep-create-require-base',
  setup(builder) {
    const workspaceDist = new RegExp(`^${escapeRegExp(packagesFolder)}[\\\\/][^\\\\/]+[\\\\/]dist[\\\\/].*\\.js$`);
    builder.onLoad({ filter: workspaceDist }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('createRequire(import.meta.url)')) return undefined;
      const relative = path.relative(BUNDLE_FOLDER, args.path).split(path.sep).join('/');
      const contents = text.replaceAll('createRequire(import.meta.url)', `createRequire(new URL(${JSON.stringify(relative)}, import.meta.url))`);
      return { contents, loader: 'js' };
    });
  },
};

/**
 * An `import()` of a CommonJS package (ajv, ajv-formats, fontoxpath, @xmldom/xmldom) gives, in
 * Node, a namespace with `default` (module.exports) and the named exports Node detects. esbuild's
 * chunk for it exports `default` only, so `const { Ajv2020 } = await import('ajv/dist/2020.js')`
 * would find nothing. Each such import goes through a small ES module instead that re-exports
 * `module.exports` as `default` and its properties by name (listed by loading the package here,
 * at build time), as Node's namespace has them.
 */
const commonJsNamespaces = {
  name: 'commonjs-namespaces',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || resolved.external || !(await isCommonJs(resolved.path))) return resolved;
      return { path: resolved.path, namespace: 'commonjs-namespace' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'commonjs-namespace' }, (args) => {
      const exported = createRequire(args.path)(args.path);
      const names = Object.keys(exported).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default' && name !== '__esModule');
      const lines = [`const exported = require(${JSON.stringify(args.path)});`, 'export default exported;'];
      for (const name of names) lines.push(`export const ${name} = exported.${name};`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};


/**
 * spectral-core's runner imports `nimma/legacy`, nimma's build for Node 12 in which babel rewrote every
 * private class field into WeakMap calls; `loom lint` walks every node of a document through them
 * (~30% of Spectral's rule walk on a large document). Node 20 has private fields: the bundle takes
 * nimma's main build instead, the same source with the same exports.
 */
const modernNimma = {
  name: 'modern-nimma',
  setup(builder) {
    builder.onResolve({ filter: /^nimma\/legacy$/ }, (args) => builder.resolve('nimma', { resolveDir: args.resolveDir, kind: args.kind }));
  },
};
/**
 * undici's main module loads all of undici — fetch, WebSocket, EventSource, mocks, cache
 * stores, interceptors — about 100 ms of every cold start, for the names Loom uses
 * (`Agent`, `buildConnector`, `FormData`: the engine sends through `Agent#dispatch`). In the bundle, `undici`
 * is this entry instead, which loads only the modules behind those names.
 * Importing any other name from 'undici' fails the build ("No matching export"): add it here.
 * These are undici's private files, not its API: packages/engine/package.json pins undici's
 * exact version, and packages/cli/test/undici-private-modules.test.ts checks that each file
 * still exists and exports its name in the installed undici, so an upgrade that moves one fails there.
 */
export const UNDICI_PRIVATE_MODULES = [
  { name: 'Agent', file: 'undici/lib/dispatcher/agent.js', exported: 'module.exports' },
  // mTLS (engine http/tls-options.ts); the Agent loads this module already.
  { name: 'buildConnector', file: 'undici/lib/core/connect.js', exported: 'module.exports' },
  // Only multipart request bodies need FormData, and its module evaluates fetch's body, WebIDL and MIME
  // helpers: it is required on the first `new FormData()` (issue 12, cold start). `new` is all the engine does with it.
  { name: 'FormData', file: 'undici/lib/web/fetch/formdata.js', exported: 'FormData', onFirstNew: true },
];

const SLIM_UNDICI = [
  ...UNDICI_PRIVATE_MODULES.map(({ name, file, exported, onFirstNew }) => {
    const load = exported === 'module.exports' ? `require('${file}')` : `require('${file}').${exported}`;
    if (!onFirstNew) return `const ${name} = ${load};`;
    return `let loaded${name}; const ${name} = new Proxy(function ${name}() {}, { construct: (_target, args) => new (loaded${name} ??= ${load})(...args) });`;
  }),
  `export { ${UNDICI_PRIVATE_MODULES.map(({ name }) => name).join(', ')} };`,
].join('\n');

const slimUndici = {
  name: 'slim-undici',
  setup(builder) {
    builder.onResolve({ filter: /^undici$/ }, async (args) => {
      const manifest = await builder.resolve('undici/package.json', { kind: 'require-call', resolveDir: args.resolveDir });
      if (manifest.errors.length > 0) return { errors: manifest.errors };
      // One module per undici installation, whichever file imports it.
      return { path: path.dirname(manifest.path), namespace: 'slim-undici' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'slim-undici' }, (args) => ({ contents: SLIM_UNDICI, loader: 'js', resolveDir: args.path }));
  },
};

/**
 * A bundled CommonJS module that reads `__dirname` / `__filename` (Spectral's ruleset loader
 * resolves a ruleset's `require`s from its own folder) gets its original file's, as a path
 * relative to the bundle file (kept in `__loomBundleFolder` by the banner), so the bundle keeps
 * working wherever the repository is. An ES module output has neither name otherwise.
 */
const keepCommonJsPaths = {
  name: 'keep-commonjs-paths',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text) || !(await isCommonJs(args.path))) return undefined;
      const relative = path.relative(BUNDLE_FOLDER, args.path).split(path.sep).join('/');
      const header =
        `var __filename = require('node:path').join(__loomBundleFolder, ${JSON.stringify(relative)});` +
        "var __dirname = require('node:path').dirname(__filename);";
      // One line, so that the module's own line numbers stay as they are.
      return { contents: header + text, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * jsonc-parser (read by Spectral) has a UMD `main` whose factory requires its own files by a
 * relative path at run time ("./impl/format"), which esbuild cannot follow: in the bundle those
 * files would be missing. Its `module` entry is the same code as ES modules, which bundle.
 */
const ES_MODULE_ENTRY = ['jsonc-parser'];

const esModuleEntries = {
  name: 'es-module-entries',
  setup(builder) {
    const names = new RegExp(`^(${ES_MODULE_ENTRY.map(escapeRegExp).join('|')})$`);
    builder.onResolve({ filter: names }, async (args) => {
      const manifest = await builder.resolve(`${args.path}/package.json`, { kind: 'require-call', resolveDir: args.resolveDir });
      if (manifest.errors.length > 0) return { errors: manifest.errors };
      const entry = JSON.parse(await readFile(manifest.path, 'utf8')).module;
      if (typeof entry !== 'string') return { errors: [{ text: `${args.path} has no "module" entry any more: see ES_MODULE_ENTRY in bundle.mjs` }] };
      return { path: path.join(path.dirname(manifest.path), entry) };
    });
  },
};

/** Node's rule: `.cjs`, or `.js` whose nearest package.json does not say `"type": "module"`. */
async function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    const manifest = await readFile(path.join(folder, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) return JSON.parse(manifest).type !== 'module';
    if (path.dirname(folder) === folder) return true;
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the bundle; returns esbuild's metafile (inputs and outputs with their sizes). */
export async function bundleCli() {
  const result = await build({
    entryPoints: { loom: path.join(cliFolder, 'dist', 'bin.js') },
    outdir: BUNDLE_FOLDER,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [keepCreateRequireBase, commonJsNamespaces, slimUndici, modernNimma, esModuleEntries, precompiledRulesetValidator, precompiledFunctionSchemas(path.join(packagesFolder, 'spectral-ruleset')), keepCommonJsPaths],
    // Bundled CommonJS (undici, yaml's dependencies) calls `require` for Node's built-ins;
    // an ES module has none, so each output file gets one (under a name no module uses).
    // The folder of the output file, for keepCommonJsPaths.
    banner: {
      js: [
        "import { createRequire as __loomCreateRequire } from 'node:module';",
        'const require = __loomCreateRequire(import.meta.url);',
        "const __loomBundleFolder = require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url));",
      ].join('\n'),
    },
    // Whitespace only: names stay readable in stack traces (LOOM_DEBUG=1).
    minifyWhitespace: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  await replaceOutputs(result.outputFiles);
  return result.metafile;
}

/**
 * Writes only what changed, each file by an atomic rename, chunks before the entry that
 * imports them, then removes the files of an older build: a `loom` process started
 * meanwhile (the tests of another run, an editor) never reads a half-written bundle.
 */
async function replaceOutputs(outputFiles) {
  await mkdir(BUNDLE_FOLDER, { recursive: true });
  const ordered = [...outputFiles].sort((a, b) => Number(a.path === BUNDLE_ENTRY) - Number(b.path === BUNDLE_ENTRY));
  for (const file of ordered) {
    const current = await readFile(file.path).catch(() => undefined);
    if (current !== undefined && Buffer.compare(current, file.contents) === 0) continue;
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents, { mode: file.path === BUNDLE_ENTRY ? 0o755 : 0o644 });
    await rename(temporary, file.path);
  }
  const written = new Set(outputFiles.map((file) => path.basename(file.path)));
  for (const name of await readdir(BUNDLE_FOLDER)) {
    if (!written.has(name) && name !== 'meta.json') await rm(path.join(BUNDLE_FOLDER, name), { force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const metafile = await bundleCli();
  if (process.argv.includes('--metafile')) {
    const file = path.join(BUNDLE_FOLDER, 'meta.json');
    await writeFile(file, JSON.stringify(metafile));
    for (const [output, info] of Object.entries(metafile.outputs)) console.log(`${output}  ${(info.bytes / 1024).toFixed(0)} KiB`);
  }
}
