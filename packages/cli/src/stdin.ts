import { UsageError } from './usage-error.js';

/**
 * Reads stdin whole, as UTF-8, holding `maxBytes` while reading (DECISIONS D25: every read is capped);
 * `what` names the argument in the message (`run: --inputs -`, `validate: -`).
 */
export async function readStdin(maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      process.stdin.destroy();
      throw new UsageError(`${what} is larger than ${maxBytes / (1024 * 1024)} MiB`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
