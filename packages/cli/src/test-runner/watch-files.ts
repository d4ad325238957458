import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';

/** How long `loom test --watch` waits after a change for more (an editor writes a file in several steps). */
export const WATCH_DEBOUNCE_MS = 150;
/** The most folders `loom test --watch` watches (each document's, its sources' and its inputs file's). */
export const MAX_WATCHED_FOLDERS = 256;

export interface FileWatcher {
  /** Resolves with the files that changed, once WATCH_DEBOUNCE_MS pass without another change; or when closed, with none. */
  next(): Promise<ReadonlySet<string>>;
  close(): void;
}

/**
 * DECISIONS D87: watches `files` (absolute) through their folders, so that a file that does not exist yet
 * (an inputs file) or is replaced by an editor's rename is seen too; changes are gathered until the
 * debounce passes. At most MAX_WATCHED_FOLDERS folders.
 */
export function watchFiles(files: readonly string[], debounceMs = WATCH_DEBOUNCE_MS): FileWatcher {
  const wanted = new Set(files);
  const folders = [...new Set(files.map((file) => dirname(file)))];
  if (folders.length > MAX_WATCHED_FOLDERS) throw new Error(`more than ${MAX_WATCHED_FOLDERS} folders to watch`);
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let waiting: ((files: ReadonlySet<string>) => void) | undefined;
  let closed = false;
  const flush = () => {
    timer = undefined;
    if (!waiting || changed.size === 0) return;
    const files = changed;
    changed = new Set();
    const resolve = waiting;
    waiting = undefined;
    resolve(files);
  };
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const watcher = watch(folder, { persistent: true }, (_event, name) => {
        const file = name === null ? undefined : join(folder, name.toString());
        if (file === undefined || !wanted.has(file)) return;
        changed.add(file);
        if (timer) clearTimeout(timer);
        timer = setTimeout(flush, debounceMs);
      });
      // A folder removed while watched ends its watcher; the others go on.
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder that does not exist (a source read from elsewhere) has nothing to watch.
    }
  }
  return {
    next() {
      if (closed) return Promise.resolve(new Set());
      return new Promise((resolve) => {
        waiting = resolve;
        if (changed.size > 0 && !timer) flush();
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      waiting?.(new Set());
      waiting = undefined;
    },
  };
}
