import { lstat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixDocument, isLoomError, type DocumentFixes, type FixDocumentOptions } from '@loom/engine';
import { toDocumentUrl } from '@loom/engine/internal';
import type { CommandContext } from '../command.js';
import { UsageError } from '../usage-error.js';
import { rewriteRefusal, writeInPlace } from '../write-in-place.js';

/** What happened to one file given to `loom fix` / `loom lint --fix`. */
export type FileFixOutcome =
  | { readonly file: string; readonly fixes: DocumentFixes; readonly changed: boolean; readonly problem?: undefined }
  /** The file was not fixed: it could not be read, or D48 forbids rewriting it. */
  | { readonly file: string; readonly problem: string; readonly fixes?: undefined };

export interface FixFilesOptions {
  readonly load: Omit<FixDocumentOptions, 'cwd' | 'text'>;
  /** Compute the fixes, write nothing. */
  readonly dryRun: boolean;
}

/**
 * Only local files are rewritten: a URL argument is a usage error (issue 11: never a remote URL).
 * @throws UsageError naming the first URL argument.
 */
export function checkLocalFiles(command: string, files: readonly string[], cwd: string): void {
  for (const file of files) {
    if (toDocumentUrl(file, cwd) !== pathToFileURL(resolve(cwd, file)).href) {
      throw new UsageError(`${command}: ${file} is a URL; fixes are written to local files only: download it and fix the copy`);
    }
  }
}

/**
 * Fixes each file in turn (engine `fixDocument`: rounds of fix and check) and, unless
 * `dryRun`, writes the fixed text back in place. Only the files given are ever written,
 * never a source description they reach.
 */
export async function fixFiles(files: readonly string[], options: FixFilesOptions, context: CommandContext): Promise<FileFixOutcome[]> {
  const outcomes: FileFixOutcome[] = [];
  for (const file of files) outcomes.push(await fixFile(file, options, context));
  return outcomes;
}

async function fixFile(file: string, { load, dryRun }: FixFilesOptions, context: CommandContext): Promise<FileFixOutcome> {
  const path = resolve(context.cwd, file);
  const refusal = await rewriteRefusal(path);
  if (refusal !== undefined) return { file, problem: `cannot fix ${file}: ${refusal}` };
  let fixes: DocumentFixes;
  try {
    fixes = await fixDocument(path, { ...load, cwd: context.cwd });
  } catch (error) {
    if (!isLoomError(error)) throw error;
    return { file, problem: error.message };
  }
  const changed = fixes.text !== fixes.original;
  // DECISIONS D49: a file with nothing to fix is not written at all (its mtime stays).
  if (!changed || dryRun) return { file, fixes, changed };
  const bytes = await readFile(path);
  const current = decodeUtf8(bytes);
  if (current === undefined) return { file, problem: `cannot fix ${file}: it is not UTF-8 text, which is all loom fix rewrites` };
  if (current.text !== fixes.original) return { file, problem: `cannot fix ${file}: it changed while it was being fixed; run loom fix again` };
  const refusedNow = await rewriteRefusal(path);
  if (refusedNow !== undefined) return { file, problem: `cannot fix ${file}: ${refusedNow}` };
  try {
    // The loader reads past a byte order mark; the written file keeps it.
    await writeInPlace(path, `${current.bom ? '\uFEFF' : ''}${fixes.text}`, (await lstat(path)).mode);
  } catch (error) {
    return { file, problem: `cannot write ${file}: ${(error as Error).message}` };
  }
  return { file, fixes, changed };
}

function decodeUtf8(bytes: Uint8Array): { text: string; bom: boolean } | undefined {
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), bom };
  } catch {
    return undefined;
  }
}
