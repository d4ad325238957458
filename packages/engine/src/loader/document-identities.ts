import { isRecord } from '@loom/expressions/internal';
import type { ParsedText } from '../document/parse-text.js';
import { LoomError } from '../errors.js';
import { identityOf } from '../sources/base-uri.js';
import { displayUrl, isRemoteUrl, splitFragment } from '../sources/urls.js';

/**
 * DECISIONS D108: Arazzo 1.1.0 §Identity-Based Referencing. Which document a URL names by identity (its `$self`),
 * before that URL is read: the documents provided to the load (the root and `documents`), then the Arazzo documents
 * loaded so far. A match is read from where that document was read, without a request.
 */
export class DocumentIdentities {
  /** Identity -> the retrieval URL of the document that has it. */
  readonly #provided = new Map<string, string>();
  readonly #loaded = new Map<string, string>();

  /** @param cwd Where file names in messages are shown relative to (the load's `cwd`). */
  constructor(private readonly cwd?: string) {}

  /**
   * A document the user provided (the root document, or one of `documents`). Two provided documents with one
   * identity cannot both be meant: that is an error naming both.
   * @param required Whether a document without an identity is an error (a document given only to be found by identity).
   * @throws LoomError `LOOM_ERR_USAGE` for a second document with the same `$self`, or a required one without any.
   */
  provide(parsed: ParsedText, required: boolean): void {
    const identity = identityOf(parsed);
    if (identity === undefined) {
      if (required) throw new LoomError('LOOM_ERR_USAGE', `provided document ${displayUrl(parsed.uri, this.cwd)}: ${withoutIdentity(parsed)}, so no reference can name it by identity`);
      return;
    }
    const known = this.#provided.get(identity);
    if (known !== undefined && known !== parsed.uri) {
      throw new LoomError(
        'LOOM_ERR_USAGE',
        `${displayUrl(known, this.cwd)} and ${displayUrl(parsed.uri, this.cwd)} both have $self ${displayUrl(identity, this.cwd)}: a reference to it could mean either (provide one of them)`,
      );
    }
    this.#provided.set(identity, parsed.uri);
  }

  /**
   * An Arazzo document loaded during this load (a source, or a source of a source). The first document to claim an
   * identity keeps it, and a provided document always wins. A document read over http(s) cannot claim a `file:`
   * (or any non-http(s)) identity: that would let a remote document stand in for a local file (DECISIONS D25).
   */
  learn(parsed: ParsedText): void {
    const identity = identityOf(parsed);
    if (identity === undefined || this.#provided.has(identity) || this.#loaded.has(identity)) return;
    if (isRemoteUrl(parsed.uri) && !isRemoteUrl(identity)) return;
    this.#loaded.set(identity, parsed.uri);
  }

  /** Where the document whose identity `url` is was read from (`undefined`: no such document; read `url` itself). */
  locate(url: string): string | undefined {
    const { documentUrl } = splitFragment(url);
    return this.#provided.get(documentUrl) ?? this.#loaded.get(documentUrl);
  }
}

function withoutIdentity(parsed: ParsedText): string {
  const data = parsed.data;
  if (!isRecord(data)) return 'it is not a YAML or JSON object';
  if (typeof data['$self'] !== 'string') return 'it has no $self field';
  return `its $self '${data['$self']}' is not a URI reference Loom can use (only Arazzo 1.1 and OpenAPI 3.2 documents have one)`;
}
