import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
/** The only modules that may reach the process; every command gets it through its CommandContext. */
const PROCESS_MODULES = new Set(['bin.ts', 'process-context.ts']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the CLI reaches the process only through its context', () => {
  it('no module under packages/cli/src but bin.ts and process-context.ts names `process`', () => {
    const offenders = sourceFiles(src)
      .map((file) => relative(src, file).split('\\').join('/'))
      .filter((file) => !PROCESS_MODULES.has(file))
      .flatMap((file) =>
        readFileSync(join(src, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ line: line.replace(/\/\/.*$|^\s*\*.*$/, ''), where: `${file}:${index + 1}` }))
          .filter(({ line }) => /(?<![\w.$])process\s*[.[]|(?<![\w.$])process\s*[,)]/.test(line))
          .map(({ where }) => where),
      );
    expect(offenders).toEqual([]);
  });
});
