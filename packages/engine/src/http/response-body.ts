/**
 * DECISIONS D20: what `$response.body` is, decided by the response's media type.
 */
import { charsetOf, isJsonMediaType, isTextMediaType, isXmlMediaType } from './media-type.js';

export interface DecodedBody {
  readonly body: unknown;
  readonly bodyError?: string;
}

const UTF8 = new TextDecoder();

function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return UTF8.decode(bytes);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the best guess and never throws.
    return UTF8.decode(bytes);
  }
}

/** JSON types -> parsed value (invalid JSON: the text and `bodyError`); XML and `text/*` -> text; else bytes; empty -> undefined. */
export function decodeResponseBody(bytes: Uint8Array, contentType: string | undefined): DecodedBody {
  if (bytes.length === 0) return { body: undefined };
  if (isJsonMediaType(contentType)) {
    const text = decodeText(bytes, contentType);
    try {
      return { body: JSON.parse(text) as unknown };
    } catch (error) {
      return { body: text, bodyError: `response body is not valid JSON: ${(error as Error).message}` };
    }
  }
  if (isXmlMediaType(contentType) || isTextMediaType(contentType)) return { body: decodeText(bytes, contentType) };
  return { body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
