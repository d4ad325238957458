/**
 * One request through an undici dispatcher, its whole response collected by a
 * handler of ours. undici's `request()` wraps each response in an AsyncResource
 * and a Readable stream, which a body read whole does not need: that machinery
 * cost more per request than the rest of the engine together
 * (bench/engine-overhead.mjs), so Loom dispatches directly (undici's
 * `Dispatcher.dispatch` handler API, as its own interceptors do).
 *
 * The byte limit lives here too: past it (or when Content-Length already says
 * so) the request is aborted, which makes undici drop the connection instead of
 * draining a body nobody will read.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';

export type CollectedResponse =
  | { readonly ok: true; readonly statusCode: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  | { readonly ok: false; readonly limit: number };

export interface CollectOptions {
  readonly maxBytes: number;
  /** A HEAD response's Content-Length describes a body that is not sent. */
  readonly ignoreContentLength: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Dispatches `request` and resolves with the status, headers and body, or with
 * `{ ok: false }` when the body is over `maxBytes`. Rejects with undici's (or the
 * signal's) error when the request fails; the caller classifies it.
 */
export function dispatchAndCollect(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  options: CollectOptions,
): Promise<CollectedResponse> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(request, new CollectingHandler(resolve, reject, options));
  });
}

const EMPTY = Buffer.alloc(0);

class CollectingHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private settled = false;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: unknown) => void,
    private readonly options: CollectOptions,
  ) {
    const signal = options.signal;
    if (signal) {
      // Before the request starts there is nothing to abort yet; onRequestStart checks the signal.
      this.onAbort = () => this.controller?.abort(abortReason(signal));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.options.signal?.aborted) controller.abort(abortReason(this.options.signal));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx informational responses come before the final one and have no body.
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.headers = headers;
    const declared = headers['content-length'];
    if (!this.options.ignoreContentLength && typeof declared === 'string' && Number(declared) > this.options.maxBytes) {
      this.tooLarge(controller);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.total += chunk.length;
    if (this.total > this.options.maxBytes) {
      this.tooLarge(controller);
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const chunks = this.chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, this.total);
    this.settle();
    this.resolve({ ok: true, statusCode: this.statusCode, headers: this.headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // After tooLarge() the abort comes back here as an error; the result is already given.
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private tooLarge(controller: Dispatcher.DispatchController): void {
    this.settle();
    this.resolve({ ok: false, limit: this.options.maxBytes });
    controller.abort(new Error(`response body exceeds ${this.options.maxBytes} bytes`));
  }

  private settle(): void {
    this.settled = true;
    if (this.onAbort) this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
