/**
 * Secret inputs never rest in Redis in clear (issue 16): they are sealed with AES-256-GCM under a
 * key that the enqueuing process and the workers hold (`LOOM_QUEUE_KEY`, 32 bytes as 64 hex digits
 * or base64), and opened by the worker that runs the step. Without a key, a run with secret
 * inputs is refused at enqueue with what to do instead. A run with secrets has its checkpoints
 * sealed too: step outputs may carry what the secrets bought (a token).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { QueueError } from './queue-error.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** The key from `LOOM_QUEUE_KEY`, or undefined when it is not set. */
export function queueKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const text = env['LOOM_QUEUE_KEY'];
  return text === undefined || text === '' ? undefined : parseKey(text);
}

export function parseKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new QueueError('LOOM_QUEUE_ERR_SECRETS', 'LOOM_QUEUE_KEY must be 32 bytes, as 64 hex digits or base64 (for example: openssl rand -hex 32)');
  return key;
}

export function sealValue(value: unknown, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
}

export function openValue(sealed: string, key: Buffer | undefined): unknown {
  if (key === undefined) throw new QueueError('LOOM_QUEUE_ERR_SECRETS', 'this run has secret inputs: set LOOM_QUEUE_KEY on the worker to the key they were sealed with');
  const [format, iv, tag, data] = sealed.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) throw new QueueError('LOOM_QUEUE_ERR_SECRETS', 'the sealed values of this run are not in a format Loom knows');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new QueueError('LOOM_QUEUE_ERR_SECRETS', 'the sealed values of this run cannot be opened with this worker\'s LOOM_QUEUE_KEY', { cause: error });
  }
}
