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
