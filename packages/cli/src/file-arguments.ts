import { lstat, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { MAX_DOCUMENT_BYTES } from '@loom/engine/internal';
import { readStdin } from './stdin.js';
import { UsageError } from './usage-error.js';

/**
 * The `<file...>` arguments of the commands that read documents: a file or URL as given, a folder
 * (every `*.arazzo.yaml`, `*.arazzo.yml`, `*.arazzo.json` under it), a glob quoted past the shell
 * (`'workflows/**\/*.arazzo.yaml'`), or `-` for one document on stdin. DECISIONS D54.
 */
export type FileArgument =
  /** `found`: the path came from a folder or a glob, not from the command line as written. */
  | { readonly kind: 'path'; readonly path: string; readonly found: boolean }
  | { readonly kind: 'stdin'; readonly name: string; readonly text: string };

/** How deep a folder argument is searched (the folder itself is depth 0). */
export const MAX_FOLDER_DEPTH = 16;
/** How many documents one folder or glob argument may find. */
export const MAX_FOUND_DOCUMENTS = 1000;
/** What a document read from stdin is called in messages; relative references resolve against the working folder. */
export const STDIN_NAME = '<stdin>';

const DOCUMENT_NAME = /\.arazzo\.(ya?ml|json)$/;
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * @param options.stdin the command's stdin, read for `-`; false (or absent) for a command that reads
 * its documents by path only: `-` is then a file name.
 */
export async function expandFileArguments(command: string, args: readonly string[], cwd: string, options: { readonly stdin?: Readable | false } = {}): Promise<FileArgument[]> {
  const files: FileArgument[] = [];
  const stdin = options.stdin ?? false;
  if (stdin && args.filter((arg) => arg === '-').length > 1) throw new UsageError(`${command}: '-' (stdin) may be given once`);
  for (const arg of args) {
    if (arg === '-' && stdin) {
      files.push({ kind: 'stdin', name: STDIN_NAME, text: await readStdin(stdin, MAX_DOCUMENT_BYTES, `${command}: -`) });
      continue;
    }
    const kind = await argumentKind(arg, cwd);
    if (kind === 'folder') {
      const found = await findDocuments(command, arg, resolve(cwd, arg));
      // DECISIONS D54: a folder that holds no document is a mistake in the command line.
      if (found.length === 0) throw new UsageError(`${command}: no *.arazzo.yaml, *.arazzo.yml or *.arazzo.json file in the folder ${arg}`);
      files.push(...found.map((path) => ({ kind: 'path' as const, path: relative(cwd, path) || path, found: true })));
    } else if (kind === 'glob') {
      const found = await globDocuments(command, arg, cwd);
      if (found.length === 0) throw new UsageError(`${command}: no file matches ${arg}`);
      files.push(...found.map((path) => ({ kind: 'path' as const, path, found: true })));
    } else {
      files.push({ kind: 'path', path: arg, found: false });
    }
  }
  return files;
}

/** A URL or an existing file is itself; an existing folder is searched; a missing path with glob characters is a glob. */
async function argumentKind(arg: string, cwd: string): Promise<'path' | 'folder' | 'glob'> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return 'path';
  try {
    return (await lstat(resolve(cwd, arg))).isDirectory() ? 'folder' : 'path';
  } catch {
    return GLOB_CHARACTERS.test(arg) ? 'glob' : 'path';
  }
}

/**
 * The documents under a folder, sorted, breadth first without recursion. node_modules and dot folders
 * are skipped, and symbolic links to folders are not followed, so a link loop cannot trap the search.
 */
async function findDocuments(command: string, arg: string, folder: string): Promise<string[]> {
  const found: string[] = [];
  let level = [folder];
  for (let depth = 0; level.length > 0 && depth <= MAX_FOLDER_DEPTH; depth++) {
    const next: string[] = [];
    for (const current of level) {
      const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(current, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) next.push(path);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && DOCUMENT_NAME.test(entry.name)) {
          found.push(path);
          if (found.length > MAX_FOUND_DOCUMENTS) throw tooMany(command, arg);
        }
      }
    }
    level = next;
  }
  return found.sort();
}

async function globDocuments(command: string, pattern: string, cwd: string): Promise<string[]> {
  // tinyglobby is loaded only when a glob is given.
  const { glob } = await import('tinyglobby');
  const found = await glob(pattern, { cwd, onlyFiles: true, followSymbolicLinks: false, dot: false, ignore: ['**/node_modules/**'], expandDirectories: false, deep: MAX_FOLDER_DEPTH });
  if (found.length > MAX_FOUND_DOCUMENTS) throw tooMany(command, pattern);
  return found.sort();
}

function tooMany(command: string, arg: string): UsageError {
  return new UsageError(`${command}: ${arg} holds more than ${MAX_FOUND_DOCUMENTS} documents; name fewer`);
}
