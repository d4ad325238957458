/** Reads one Redis hash as it is stored, for tests that check what BullMQ keeps (a plain client, no BullMQ). */
import { Redis } from 'ioredis';

export async function readHash(url: string, key: string): Promise<Record<string, string>> {
  const client = new Redis(url);
  try {
    return await client.hgetall(key);
  } finally {
    client.disconnect();
  }
}

/** The entries of one Redis stream (BullMQ's event stream), each as its field-value pairs. */
export async function readStream(url: string, key: string): Promise<Record<string, string>[]> {
  const client = new Redis(url);
  try {
    const entries = await client.xrange(key, '-', '+');
    return entries.map(([, fields]) => Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, index) => [fields[2 * index]!, fields[2 * index + 1]!])));
  } finally {
    client.disconnect();
  }
}
