import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No declared dependency goes unused: a package's `dependencies` are imported by its `src/`, its
 * `devDependencies` by its sources, tests, benches or scripts, and the root's `devDependencies` by any
 * of those or run as a command by a root script (`tsc`, `vitest`). A dependency nothing uses is
 * installed for every user and audited for nothing; move it or drop it.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'corpus', '.git']);

interface Manifest {
  readonly name?: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly bin?: string | Readonly<Record<string, string>>;
}

function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
}

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    if (item.isDirectory()) return SKIPPED_FOLDERS.has(item.name) ? [] : sourceFiles(join(folder, item.name));
    return SOURCE.test(item.name) ? [join(folder, item.name)] : [];
  });
}

/** Package names a file loads: `import ... from`, `export ... from`, `import()`, `require()`, `require.resolve()`, bare `import '...'`. */
function loadedPackages(text: string): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\.resolve\s*\(\s*)['"]([^'"./][^'"]*)['"]/g;
  for (const match of text.matchAll(specifier)) {
    const parts = match[1]!.split('/');
    names.add(match[1]!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return names;
}

function packagesLoadedUnder(folders: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const folder of folders) for (const file of sourceFiles(folder)) for (const name of loadedPackages(readFileSync(file, 'utf8'))) names.add(name);
  return names;
}

/** The commands a dependency installs, read from its own package.json. */
function commandsOf(dependency: string, from: string): string[] {
  const manifest = JSON.parse(readFileSync(createRequire(join(from, 'package.json')).resolve(`${dependency}/package.json`), 'utf8')) as Manifest;
  if (manifest.bin === undefined) return [];
  return typeof manifest.bin === 'string' ? [dependency.split('/').pop()!] : Object.keys(manifest.bin);
}

/** `@types/node` is used when the compiler is told to load it (tsconfig `types`) or when code imports `node:` modules. */
function typesUsed(dependency: string, loaded: Set<string>): boolean {
  const typed = dependency.slice('@types/'.length);
  if (loaded.has(typed) || (typed === 'node' && [...loaded].some((name) => name.startsWith('node:')))) return true;
  return readdirSync(root)
    .filter((name) => /^tsconfig.*\.json$/.test(name))
    .some((name) => new RegExp(`"types"\\s*:\\s*\\[[^\\]]*"${typed}"`).test(readFileSync(join(root, name), 'utf8')));
}

function unused(declared: Readonly<Record<string, string>> | undefined, loaded: Set<string>, isUsedOtherwise: (name: string) => boolean = () => false): string[] {
  return Object.keys(declared ?? {}).filter((name) => !loaded.has(name) && !isUsedOtherwise(name));
}

const packageFolders = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((item) => item.isDirectory() && existsSync(join(root, 'packages', item.name, 'package.json')))
  .map((item) => join(root, 'packages', item.name));

describe('declared dependencies are used', () => {
  it('finds what a file loads, however it loads it', () => {
    const text = [
      "import { a } from 'plain';",
      "import type { B } from '@scope/typed/sub';",
      "export { c } from 're-exported';",
      "import 'side-effect';",
      "const d = await import('dynamic');",
      "const e = require('required');",
      "const f = createRequire(x).resolve('@scope/resolved/bin/cli.js');",
      "import { g } from './relative.js';",
      "import { h } from 'node:fs';",
    ].join('\n');
    expect([...loadedPackages(text)].sort()).toEqual(
      ['@scope/resolved', '@scope/typed', 'dynamic', 'node:fs', 'plain', 're-exported', 'required', 'side-effect'].sort(),
    );
  });

  for (const folder of packageFolders) {
    const manifest = readManifest(folder);
    const name = manifest.name ?? relative(root, folder);

    it(`${name}: every dependency is imported by its src/`, () => {
      expect(unused(manifest.dependencies, packagesLoadedUnder([join(folder, 'src')]))).toEqual([]);
    });

    it(`${name}: every devDependency is used by its sources, tests, benches or scripts`, () => {
      const loaded = packagesLoadedUnder([folder]);
      expect(unused(manifest.devDependencies, loaded, (dependency) => dependency.startsWith('@types/') && typesUsed(dependency, loaded))).toEqual([]);
    });
  }

  it('the root: every devDependency is imported somewhere or run by a root script', () => {
    const manifest = readManifest(root);
    const loaded = packagesLoadedUnder([root]);
    const scripts = Object.values(manifest.scripts ?? {}).join(' && ');
    const runByScript = (dependency: string) => commandsOf(dependency, root).some((command) => new RegExp(`(^|[\\s&|;])${command}(\\s|$)`).test(scripts));
    const isUsedOtherwise = (dependency: string) => (dependency.startsWith('@types/') ? typesUsed(dependency, loaded) : runByScript(dependency));
    expect(unused(manifest.devDependencies, loaded, isUsedOtherwise)).toEqual([]);
  });
});
