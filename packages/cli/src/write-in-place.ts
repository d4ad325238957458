import { randomBytes } from 'node:crypto';
import { chmod, lstat, readlink, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Why `loom fix` will not rewrite the file at `path`, or undefined when it may.
 * DECISIONS D48: only a regular file with one name is rewritten. A symbolic link is neither
 * followed nor replaced by a regular file, and a file with several hard links is left alone
 * too, since the rename that replaces it would split it from its other names.
 */
export async function rewriteRefusal(path: string): Promise<string | undefined> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  }
  if (stats.isSymbolicLink()) {
    const target = await readlink(path).catch(() => undefined);
    return `it is a symbolic link${target === undefined ? '' : ` to ${target}`}; loom fix writes no file through a link (DECISIONS D48): fix the file it points to`;
  }
  if (stats.isDirectory()) return 'it is a folder';
  if (!stats.isFile()) return 'it is not a regular file';
  if (stats.nlink > 1) return `it has ${stats.nlink} hard links; replacing it would split them (DECISIONS D48): fix it through a copy`;
  return undefined;
}

/**
 * Replaces the file at `path` with `text` atomically: a temporary file is written in the
 * same folder, given the file's mode, then renamed over it. A reader sees the old text or
 * the new, never a half-written file; a failed write leaves the old text in place.
 */
export async function writeInPlace(path: string, text: string | Uint8Array, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.loom-fix-${randomBytes(6).toString('hex')}`);
  try {
    // `wx`: never write through something already at the temporary name.
    await writeFile(temporary, text, { flag: 'wx', mode: 0o600 });
    // The mode is set after the write: the umask applies to writeFile's mode, not to chmod.
    await chmod(temporary, mode & 0o7777);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
