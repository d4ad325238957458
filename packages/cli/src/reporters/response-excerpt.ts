import type { ResponseEvent } from '@loom/engine';
import { escapeControlCharacters } from '../terminal.js';

/** How much of a failed step's response body `loom run` shows without --verbose. */
export const RESPONSE_EXCERPT_BYTES = 500;

/**
 * The response that failed a step, as two lines for the human run report: status, content type and
 * size, then the first RESPONSE_EXCERPT_BYTES bytes of the body as text. The event is masked already
 * (DECISIONS D21) unless --show-secrets; control characters are escaped here, newlines included, so the
 * excerpt stays on its line.
 */
export function formatResponseExcerpt(response: Pick<ResponseEvent, 'statusCode' | 'headers' | 'bytes' | 'body'>): string[] {
  const contentType = headerValue(response.headers, 'content-type');
  const head = `response ${response.statusCode}${contentType ? ` ${escapeControlCharacters(contentType)}` : ''}, ${response.bytes} byte${response.bytes === 1 ? '' : 's'}`;
  const text = bodyText(response.body);
  if (text === undefined || text === '') return [head];
  return [head, escapeControlCharacters(firstBytes(text, RESPONSE_EXCERPT_BYTES))];
}

function headerValue(headers: ResponseEvent['headers'], name: string): string | undefined {
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The body as the run parsed it: text as is, JSON written back compactly, binary only counted. */
function bodyText(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (body instanceof Uint8Array) return `(${body.byteLength} bytes of binary)`;
  if (typeof body === 'string') return body;
  return JSON.stringify(body);
}

/** The first `limit` UTF-8 bytes of `text`, never half a character, with `…` when cut. */
function firstBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  // Back off to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}…`;
}
