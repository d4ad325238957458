import { mkdir, open, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Fails now, as a usage error, if `path` cannot be written later: `loom run` checks its
 * report files before the first request, so a typo in a path does not cost a whole run.
 * The file is not changed: a missing one is created and removed again, an existing one
 * is opened for writing without truncating it.
 */
export async function checkWritable(path: string, what: string): Promise<void> {
  try {
    const created = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (created) {
      await created.close();
      await unlink(path);
      return;
    }
    await (await open(path, 'r+')).close();
  } catch (error) {
    throw new UsageError(`${what}: cannot write ${path}: ${writeFailure(error)}`);
  }
}

/** Writes `text` to `path`, creating missing folders (DECISIONS D41); a failure is a usage error naming the path. */
export async function writeOutputFile(path: string, text: string, what: string, options: { createFolders?: boolean } = {}): Promise<void> {
  try {
    if (options.createFolders) await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new UsageError(`${what}: cannot write ${path}: ${writeFailure(error)}`);
  }
}

function writeFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (error as Error).message;
  }
}
