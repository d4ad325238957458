/**
 * The exceptions of @loom/queue, each with a fixed code (match on `code`, never on the message);
 * problems of the document or its inputs stay the engine's LoomError.
 */
export type QueueErrorCode =
  /** Redis could not be reached or answered with an error. */
  | 'LOOM_QUEUE_ERR_REDIS'
  /** No run with that id. */
  | 'LOOM_QUEUE_ERR_NOT_FOUND'
  /** The document at a run's location no longer has the content it was queued with. */
  | 'LOOM_QUEUE_ERR_DOCUMENT_CHANGED'
  /** Secret inputs cannot be queued without a key, or a sealed value cannot be opened. */
  | 'LOOM_QUEUE_ERR_SECRETS'
  /** An option that cannot work (a bad Redis URL, a negative delay...). */
  | 'LOOM_QUEUE_ERR_USAGE';

export class QueueError extends Error {
  override readonly name = 'QueueError';
  readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export function isQueueError(value: unknown): value is QueueError {
  return value instanceof Error && (value as { name?: unknown }).name === 'QueueError' && typeof (value as { code?: unknown }).code === 'string';
}
