import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoom } from '../support/run-loom.js';
import { scratchFolder, threeStepApi, threeStepFlow } from './cli-process-support.js';

/**
 * A bug in Loom must end in one line and exit 70, never a stack trace or minified bundle
 * code. The bug is planted from outside the bundle, with a module preloaded by
 * NODE_OPTIONS=--import, so the built CLI itself is exercised unchanged.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A preload that plants `fault` where Loom opens a .yaml document, i.e. once the command is under way. */
function plant(fault: string): string {
  return `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const open = fs.promises.open;
fs.promises.open = async (path, ...rest) => {
  if (String(path).endsWith('.yaml')) { ${fault} }
  return open(path, ...rest);
};
syncBuiltinESMExports();
`;
}

const FAULTS = {
  // A rejected promise inside the command: printing its result throws a TypeError.
  rejection: plant("process.stdout.write = () => { null.boom; };"),
  // An exception outside the command's promise chain (a callback), with a stack-like message.
  uncaught: plant(`setImmediate(() => { throw new RangeError('planted fault\\n    at secret (/home/build/loom.mjs:1:99999)'); });`),
  // A promise rejected with no handler at all, with a value that is not an Error.
  unhandled: plant('Promise.reject({ weird: true });'),
} as const;

describe('an internal error is one line and exit 70', () => {
  for (const [name, fault] of Object.entries(FAULTS)) {
    it(`${name}: one line with LOOM_ERR_INTERNAL and a hint to report it, no stack`, async () => {
      const folder = scratchFolder({ 'fault.mjs': fault, 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi('http://127.0.0.1:9') });
      cleanups.push(folder.cleanup);
      const preload = pathToFileURL(join(folder.dir, 'fault.mjs')).href;
      // The validate of a valid document in a folder whose server is never contacted: a fast command that reads a file.
      const result = await runLoom(['validate', join(folder.dir, 'flow.arazzo.yaml')], { env: { NODE_OPTIONS: `--import=${preload}`, LOOM_DEBUG: '' } });
      expect(result.code, result.stderr).toBe(70);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^loom: internal error LOOM_ERR_INTERNAL: .+; this is a bug in Loom, please report it/);
      expect(result.stderr).not.toMatch(/\n\s+at |loom\.mjs:\d+/);
    });
  }

  it('LOOM_DEBUG=1 adds the stack for a bug report', async () => {
    const folder = scratchFolder({ 'fault.mjs': FAULTS.rejection, 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi('http://127.0.0.1:9') });
    cleanups.push(folder.cleanup);
    const preload = pathToFileURL(join(folder.dir, 'fault.mjs')).href;
    const result = await runLoom(['validate', join(folder.dir, 'flow.arazzo.yaml')], { env: { NODE_OPTIONS: `--import=${preload}`, LOOM_DEBUG: '1' } });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
