import { LoomError } from '../errors.js';
import { parseText, type ParsedText } from '../document/parse-text.js';
import { readResource, type ReadResourceOptions } from './read-resource.js';
import { splitFragment } from './urls.js';

/** A document read and parsed, or why it could not be read. */
export type CachedDocument = { readonly parsed: ParsedText; readonly error?: undefined } | { readonly parsed?: undefined; readonly error: LoomError };

/**
 * Reads and parses each URL once within one load: two source descriptions (or two
 * `$ref`s) pointing at the same file share one read and one parse. Concurrent
 * requests for the same URL share the same pending read.
 */
export class SourceCache {
  readonly #entries = new Map<string, Promise<CachedDocument>>();

  /**
   * @param options How every URL of this load is read: signal, time limit, `offline`, `allowHosts`.
   * @param parsedTexts Texts parsed already: a URL read to the same text is not parsed again.
   */
  constructor(
    private readonly options: ReadResourceOptions = {},
    private readonly parsedTexts: readonly ParsedText[] = [],
  ) {}

  /**
   * The parsed document at `url` (fragment ignored). Read failures come back as
   * `error`, never as a rejection. The parsed text's `uri` is the URL after redirects.
   */
  get(url: string, options: { signal?: AbortSignal } = {}): Promise<CachedDocument> {
    const key = splitFragment(url).documentUrl;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = load(key, options.signal ? { ...this.options, signal: options.signal } : this.options, this.parsedTexts);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /**
   * Makes `text` the document at `url` for this load, instead of reading it (a text already in hand, such as a fix
   * not yet written, or the file `loom lint` read and parsed for Spectral: that parse is taken as it is).
   */
  seed(url: string, text: string): void {
    const key = splitFragment(url).documentUrl;
    const parsed = this.parsedTexts.find((candidate) => candidate.uri === key && candidate.text === text);
    this.#entries.set(key, Promise.resolve({ parsed: parsed ?? parseText(text, key) }));
  }

  /** How many distinct URLs were requested. */
  get size(): number {
    return this.#entries.size;
  }
}

async function load(url: string, options: ReadResourceOptions, parsedTexts: readonly ParsedText[]): Promise<CachedDocument> {
  try {
    const { url: finalUrl, text } = await readResource(url, options);
    // The text is still read (its limits hold, and a file changed since is parsed anew); equal texts parse alike.
    const parsed = parsedTexts.find((candidate) => candidate.uri === finalUrl && candidate.text === text);
    return { parsed: parsed ?? parseText(text, finalUrl) };
  } catch (error) {
    if (error instanceof LoomError) return { error };
    return { error: new LoomError('LOOM_ERR_READ', `cannot read ${url}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) };
  }
}
