/**
 * RFC 3986 percent-encoding for parameter values. `encodeComponent` keeps only
 * the unreserved characters (§2.3); `encodeAllowingReserved` also keeps the
 * reserved ones (§2.2) and existing `%XX` triplets, as RFC 6570 reserved
 * expansion does, for OpenAPI `allowReserved: true`.
 */
import type { ParameterLocation } from '../model/arazzo.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SUB_DELIMS_KEPT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;
const SAFE_COMPONENT = /^[A-Za-z0-9\-._~]*$/;

function hexEscape(character: string): string {
  return '%' + character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

function encodeUtf8(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8 form; send U+FFFD as WHATWG URL encoding does.
    return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
  }
}

/** Percent-encodes everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`). */
export function encodeComponent(text: string): string {
  if (SAFE_COMPONENT.test(text)) return text;
  return encodeUtf8(text).replace(SUB_DELIMS_KEPT_BY_ENCODE_URI_COMPONENT, hexEscape);
}

// Reserved characters kept by `allowReserved`, except `#`, which would end the URL
// before the fragment, and (in a path) `?`, which would start the query: kept
// literally they would change the URL's structure rather than its content.
// Each match is a `%XX` triplet (kept), a lone `%` or a run of characters to encode.
const RESERVED_RUN_QUERY = /%[0-9A-Fa-f]{2}|%|[^A-Za-z0-9\-._~:/?[\]@!$&'()*+,;=%]+/g;
const RESERVED_RUN_PATH = /%[0-9A-Fa-f]{2}|%|[^A-Za-z0-9\-._~:/[\]@!$&'()*+,;=%]+/g;

/**
 * Percent-encodes a value for `allowReserved: true` (OpenAPI 3.1 §Parameter Object):
 * unreserved and reserved characters and `%XX` triplets stay as they are, anything
 * else is UTF-8 percent-encoded. `#` is always encoded, and `?` too inside a path.
 */
export function encodeAllowingReserved(text: string, location: Extract<ParameterLocation, 'path' | 'query'>): string {
  const pattern = location === 'path' ? RESERVED_RUN_PATH : RESERVED_RUN_QUERY;
  return text.replace(pattern, (run) => (run.length === 3 && run.startsWith('%') ? run : encodeComponent(run)));
}

/**
 * Every text the encoders above can turn `text` into (component encoding, and reserved-allowed
 * encoding in a query and in a path), besides `text` itself: the secret masker hides each form,
 * so masking follows any change to the encoders (DECISIONS D21). Loom writes form bodies with
 * `encodeComponent` too (space as `%20`, never `+`).
 */
export function percentEncodedForms(text: string): string[] {
  return [encodeComponent(text), encodeAllowingReserved(text, 'query'), encodeAllowingReserved(text, 'path')];
}
