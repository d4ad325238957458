/**
 * Documents are loaded and compiled once per worker and kept by content hash (issue 16): a run
 * carries its document's location and the SHA-256 of the text it was queued with, and a worker
 * refuses a document whose text no longer has that hash rather than run something else.
 */
import { createHash } from 'node:crypto';
import { loadDocument, type LoadedDocument } from '@loom/engine';
import { QueueError } from './queue-error.js';

/** How many documents a worker keeps compiled; the least recently used goes first. */
export const DOCUMENT_CACHE_SIZE = 64;

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class DocumentCache {
  readonly #entries = new Map<string, Promise<LoadedDocument>>();

  constructor(private readonly size = DOCUMENT_CACHE_SIZE) {}

  get(url: string, sha256: string): Promise<LoadedDocument> {
    const key = `${sha256} ${url}`;
    const cached = this.#entries.get(key);
    if (cached) {
      // Most recently used last: a Map keeps insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const loading = load(url, sha256);
    this.#entries.set(key, loading);
    loading.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.size) this.#entries.delete(this.#entries.keys().next().value!);
    return loading;
  }
}

async function load(url: string, sha256: string): Promise<LoadedDocument> {
  const loaded = await loadDocument(url);
  if (contentHash(loaded.parsed.text) !== sha256) {
    throw new QueueError('LOOM_QUEUE_ERR_DOCUMENT_CHANGED', `the document at ${url} changed since this run was queued; queue it again to run the new text`);
  }
  return loaded;
}
