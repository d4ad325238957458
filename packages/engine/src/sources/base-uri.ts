import { isRecord } from '@loom/expressions/internal';
import type { ParsedText } from '../document/parse-text.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import { resolveUrl, splitFragment } from './urls.js';

/**
 * Base URIs and identities of documents that may name themselves with `$self`: Arazzo 1.1.x
 * (§Arazzo Specification Object `$self`, §Establishing the Base URI) and OpenAPI 3.2.x (§OpenAPI Object `$self`).
 * Both follow RFC 3986 §5.1: a `$self` is the base URI embedded in the content (a relative one resolved first
 * against the retrieval URL); without one, the retrieval URL is the base.
 */

/** The formats whose root object defines `$self`. Earlier versions give the field no meaning. */
function definesSelf(data: Readonly<Record<string, unknown>>): boolean {
  if (typeof data['arazzo'] === 'string') return arazzoVersionOf(data) === '1.1';
  const openapi = data['openapi'];
  return typeof openapi === 'string' && /^3\.2\.\d+(-.+)?$/.test(openapi);
}

const selfUris = new WeakMap<ParsedText, string | null>();

/**
 * DECISIONS D107: the document's `$self` as an absolute URI (a relative one resolved against the URL the document was
 * read from), or `undefined` when it has none, its format defines none, or it is not a usable URI reference (the
 * schema reports that). Computed once per parsed document.
 */
export function selfUriOf(parsed: ParsedText): string | undefined {
  let self = selfUris.get(parsed);
  if (self === undefined) {
    self = null;
    const data = parsed.data;
    if (isRecord(data) && typeof data['$self'] === 'string' && definesSelf(data)) {
      try {
        self = resolveUrl(data['$self'], parsed.uri);
      } catch {
        // Not a URI reference: the retrieval URL stays the base (the schema's `format: uri-reference` reports it).
      }
    }
    selfUris.set(parsed, self);
  }
  return self ?? undefined;
}

/**
 * DECISIONS D107: the base URI of the relative references written in a document (Arazzo source description `url`s,
 * OpenAPI `$ref`s): its `$self` when it has one, else the URL it was read from. Which locations the document may
 * read still follows the retrieval URL (DECISIONS D25), never this base.
 */
export function baseUrlOf(parsed: ParsedText): string {
  return selfUriOf(parsed) ?? parsed.uri;
}

/**
 * DECISIONS D108: the identity a document is known by when another document names it: its `$self` without a
 * fragment (the Arazzo schema already refuses a `$self` with one), or `undefined` when it has none.
 */
export function identityOf(parsed: ParsedText): string | undefined {
  const self = selfUriOf(parsed);
  return self === undefined ? undefined : splitFragment(self).documentUrl;
}
