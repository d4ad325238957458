/**
 * Arazzo 1.1 §Parameter Object `in: querystring`: one parameter is the whole query string, written in
 * the media type of the operation parameter's `content` (OpenAPI 3.2 `in: querystring`), by default
 * `application/x-www-form-urlencoded` (DECISIONS D102).
 */
import { toJsonText } from '@loom/expressions/internal';
import { isJsonMediaType } from '../http/media-type.js';
import type { OpenApiParameter } from '../sources/types.js';
import { type BuildResult, buildError, built } from './build-result.js';
import { encodeAllowingReserved, encodeComponent } from './percent-encoding.js';

const FORM = 'application/x-www-form-urlencoded';

/** The media type the query string is written in: the declaration's `content`, else form encoding. */
export function queryStringMediaType(declaration: OpenApiParameter | undefined): string {
  const content = declaration?.content;
  const first = content !== undefined && content !== null && typeof content === 'object' ? Object.keys(content)[0] : undefined;
  return first ?? FORM;
}

/**
 * DECISIONS D102: the query string, without its `?`. A string value is the query string as written
 * (form encoding) or the text to encode whole (JSON and other media types); characters a query cannot
 * hold are percent-encoded, `&`, `=` and `%XX` escapes are kept. An object is form-encoded member by
 * member (an array repeats its name), or written as JSON text for a JSON media type.
 */
export function serializeQueryString(name: string, value: unknown, declaration: OpenApiParameter | undefined): BuildResult<string | undefined> {
  if (value === undefined || value === null) return built(undefined);
  const mediaType = queryStringMediaType(declaration);
  if (isJsonMediaType(mediaType)) return built(encodeComponent(typeof value === 'string' ? value : (toJsonText(value) ?? '')));
  if (typeof value === 'string') return built(encodeAllowingReserved(value.startsWith('?') ? value.slice(1) : value, 'query'));
  if (mediaType.split(';')[0]!.trim().toLowerCase() !== FORM || typeof value !== 'object') {
    return typeof value === 'object'
      ? buildError('unserializable-value', `querystring parameter '${name}': a ${mediaType} query string must be a string`, { parameter: name })
      : built(encodeAllowingReserved(String(value), 'query'));
  }
  const pairs: string[] = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    for (const item of Array.isArray(member) ? member : [member]) {
      if (item === undefined) continue;
      const text = item === null ? '' : typeof item === 'object' ? (toJsonText(item) ?? '') : String(item);
      pairs.push(`${encodeComponent(key)}=${encodeComponent(text)}`);
    }
  }
  return built(pairs.join('&'));
}
