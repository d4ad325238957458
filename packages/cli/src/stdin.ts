import type { Readable } from 'node:stream';
import { UsageError } from './usage-error.js';

/**
 * Reads a command's stdin whole, as UTF-8, holding `maxBytes` while reading (DECISIONS D25:
 * every read is capped); `what` names the argument in the message (`run: --inputs -`, `validate: -`).
 */
export async function readStdin(stdin: Readable, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > maxBytes) {
      stdin.destroy();
      throw new UsageError(`${what} is larger than ${maxBytes / (1024 * 1024)} MiB`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
