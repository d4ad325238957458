/**
 * Reads a response body up to a byte limit. Past the limit the stream is
 * destroyed, which makes undici drop the connection instead of draining a body
 * nobody will read.
 */
import type { Readable } from 'node:stream';

export type CappedBody = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly limit: number };

export async function readCappedBody(
  body: Readable,
  maxBytes: number,
  declaredLength: string | string[] | undefined,
): Promise<CappedBody> {
  if (typeof declaredLength === 'string' && Number(declaredLength) > maxBytes) {
    dropBody(body);
    return { ok: false, limit: maxBytes };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      dropBody(body);
      return { ok: false, limit: maxBytes };
    }
    chunks.push(chunk);
  }
  return { ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
}

/**
 * undici's body stream, destroyed before its end, emits a RequestAbortedError;
 * with no listener that would be an uncaught exception, so one is attached first.
 */
function dropBody(body: Readable): void {
  body.on('error', ignoreError);
  body.destroy();
}

function ignoreError(): void {}

/** `10 MiB`, `512 KiB`, `300 bytes`: limits in messages read the way they were configured. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
