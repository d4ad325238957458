import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UNDICI_PRIVATE_MODULES } from '../scripts/bundle.mjs';

/**
 * The CLI bundle replaces `undici` with a slim entry that requires undici's private files
 * (packages/cli/scripts/bundle.mjs). A release may move them without a major version, so the
 * version is pinned exactly, and these tests fail before a bundle that cannot load is built.
 */
const packagesFolder = fileURLToPath(new URL('../../', import.meta.url));
// undici is the engine's dependency: the copy the bundle's `undici` resolves to.
const engineRequire = createRequire(join(packagesFolder, 'engine', 'package.json'));
const installedVersion = (JSON.parse(readFileSync(engineRequire.resolve('undici/package.json'), 'utf8')) as { version: string }).version;

describe('undici private modules the CLI bundle requires', () => {
  it('each exists in the installed undici and provides its name as a class', () => {
    expect(UNDICI_PRIVATE_MODULES.map(({ name }) => name)).toEqual(['Agent', 'buildConnector', 'FormData']);
    for (const { name, file, exported } of UNDICI_PRIVATE_MODULES) {
      const resolved = engineRequire.resolve(file);
      expect(existsSync(resolved), file).toBe(true);
      const module = engineRequire(file) as Record<string, unknown>;
      const value = exported === 'module.exports' ? module : module[exported];
      expect(typeof value, `${file} ${exported}`).toBe('function');
      expect((value as { name: string }).name, file).toBe(name);
    }
  });

  it('every package.json that declares undici pins the exact version installed (no range: a minor release may move private files)', () => {
    const declared = readdirSync(packagesFolder)
      .map((folder) => join(packagesFolder, folder, 'package.json'))
      .concat(join(packagesFolder, '..', 'package.json'))
      .filter((file) => existsSync(file))
      .flatMap((file) => {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
        return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
          .map((field) => manifest[field]?.['undici'])
          .filter((version): version is string => version !== undefined)
          .map((version) => ({ file, version }));
      });
    expect(declared.length).toBeGreaterThan(0);
    for (const { file, version } of declared) expect(version, file).toBe(installedVersion);
  });
});
