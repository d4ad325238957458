import * as fs from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { LoomError } from '@loom/engine';
import { Ruleset, type RulesetDefinition } from '@stoplight/spectral-core';
import { createLoomRuleset, type LoomRulesetOptions } from './rules.js';

/** The files Spectral's CLI looks for in the working directory when no `--ruleset` is given, in its order. */
export const DEFAULT_RULESET_FILES = ['.spectral.yml', '.spectral.yaml', '.spectral.json', '.spectral.js'] as const;

export interface LoadRulesetOptions extends LoomRulesetOptions {
  /** A ruleset file (YAML, JSON or JS) to use instead of the default; relative to `cwd`. */
  readonly rulesetFile?: string;
  /** Where to look for the default `.spectral.*` file; default `process.cwd()`. */
  readonly cwd?: string;
}

/** The `.spectral.*` file in `cwd`, if there is one. */
export async function findDefaultRulesetFile(cwd: string): Promise<string | undefined> {
  for (const name of DEFAULT_RULESET_FILES) {
    const file = join(cwd, name);
    try {
      await access(file);
      return file;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const LOOM_MODULE = '@loom/spectral-ruleset';
const REGISTRY = Symbol.for('@loom/spectral-ruleset/instances');
/**
 * This package's folder: Spectral's migrator resolves the package to a file in it when it is installed where the ruleset is.
 * Found by resolving the package from itself (not from `import.meta.url`): in the CLI's bundle this module's own
 * file is a chunk of packages/cli/dist/bundle, and the bundler keeps `createRequire(import.meta.url)` resolving from here.
 */
const OWN_FOLDER = dirname(dirname(createRequire(import.meta.url).resolve(LOOM_MODULE))) + sep;

/**
 * Spectral's ruleset migrator turns `extends: ["@loom/spectral-ruleset"]` into an import of
 * the package's resolved entry file (in OWN_FOLDER), or of `<ruleset folder>/@loom/spectral-ruleset` when it is not installed there.
 */
function isLoomModule(id: string): boolean {
  return id === LOOM_MODULE || id.endsWith(`/${LOOM_MODULE}`) || id.startsWith(OWN_FOLDER);
}

/**
 * A rollup plugin for Spectral's bundler that serves `@loom/spectral-ruleset` from this
 * process (like the bundler's own `builtins` plugin does for `@stoplight/*`): a user's
 * `extends: ["@loom/spectral-ruleset"]` then gets this package's rules, configured
 * with the CLI's options, and the same spectral-core instance.
 */
function loomModule(definition: RulesetDefinition) {
  const registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= []) as RulesetDefinition[];
  const index = registry.push(definition) - 1;
  return {
    name: 'loom-spectral-ruleset',
    options(rawOptions: { external?: unknown }) {
      const external = rawOptions.external;
      if (typeof external !== 'function') return rawOptions;
      return { ...rawOptions, external: (id: string, ...rest: unknown[]) => !isLoomModule(id) && (external as (...args: unknown[]) => boolean)(id, ...rest) };
    },
    resolveId(id: string) {
      return isLoomModule(id) ? LOOM_MODULE : null;
    },
    load(id: string) {
      if (!isLoomModule(id)) return undefined;
      return `export default globalThis[Symbol.for(${JSON.stringify(REGISTRY.description)})][${index}];\n`;
    },
  };
}

/**
 * The ruleset `loom lint` runs: the file given, else a `.spectral.yaml` / `.yml` / `.json` / `.js`
 * in `cwd` (as Spectral's CLI does), else Loom's own ruleset. A ruleset file replaces the
 * default, as in Spectral; it gets Loom's rules with `extends: ["@loom/spectral-ruleset"]`.
 * @throws LoomError `LOOM_ERR_READ` when the ruleset file is missing, `LOOM_ERR_USAGE` when it is not a valid ruleset.
 */
export async function loadLintRuleset(options: LoadRulesetOptions = {}): Promise<{ ruleset: Ruleset; file: string | undefined }> {
  const cwd = options.cwd ?? process.cwd();
  const definition = createLoomRuleset(options);
  const file = options.rulesetFile ? resolve(cwd, options.rulesetFile) : await findDefaultRulesetFile(cwd);
  if (!file) return { ruleset: new Ruleset(definition, { severity: 'recommended' }), file: undefined };
  try {
    await access(file);
  } catch {
    throw new LoomError('LOOM_ERR_READ', `cannot read ruleset ${file}: no such file`);
  }
  // Spectral's ruleset bundler (rollup and every built-in ruleset and function) loads only for a ruleset file:
  // ~200 ms of CPU that `loom lint` with Loom's own ruleset does not need.
  const [{ bundleAndLoadRuleset }, { builtins }, { commonjs }] = await Promise.all([
    import('@stoplight/spectral-ruleset-bundler/with-loader'),
    import('@stoplight/spectral-ruleset-bundler/plugins/builtins'),
    import('@stoplight/spectral-ruleset-bundler/plugins/commonjs'),
  ]);
  try {
    // The bundler's own types are not exported for these plugins; they are rollup plugins.
    const plugins = [builtins(), commonjs(), loomModule(definition)] as Parameters<typeof bundleAndLoadRuleset>[2];
    return { ruleset: await bundleAndLoadRuleset(file, { fs, fetch: globalThis.fetch as never }, plugins), file };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LoomError('LOOM_ERR_USAGE', `invalid ruleset ${file}: ${message}`, { cause: error });
  }
}
