/**
 * One request through an undici dispatcher, its whole response collected by a
 * handler of ours. undici's `request()` wraps each response in an AsyncResource
 * and a Readable stream, which a body read whole does not need: that machinery
 * cost more per request than the rest of the engine together
 * (bench/engine-overhead.mjs), so Loom dispatches directly (undici's
 * `Dispatcher.dispatch` handler API, as its own interceptors do).
 *
 * The byte limit and the whole-request deadline live here too: past either the
 * request is aborted, which makes undici drop the connection instead of draining
 * a body nobody will read. A request still waiting for a connection when its
 * deadline passes or its signal aborts is answered at once and aborted as soon as
 * undici starts it.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { setDeadline, type Deadline } from './deadlines.js';

export type CollectedResponse =
  | { readonly ok: true; readonly statusCode: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large'; readonly limit: number }
  /** `headersReceived`: the deadline passed during the body rather than before the response started. */
  | { readonly ok: false; readonly reason: 'timeout'; readonly headersReceived: boolean };

export interface CollectOptions {
  readonly maxBytes: number;
  /** A HEAD response's Content-Length describes a body that is not sent. */
  readonly ignoreContentLength: boolean;
  /** Bounds the whole request, from dispatch to the body's last byte. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Dispatches `request` and resolves with the status, headers and body, or with
 * `{ ok: false }` when the body is over `maxBytes` or the deadline passed. Rejects
 * with undici's (or the signal's) error when the request fails; the caller classifies it.
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
  /** Why the request was given up before undici started it; onRequestStart aborts it with this. */
  private abandoned: Error | undefined;
  private readonly onAbort: (() => void) | undefined;
  private readonly deadline: Deadline;

  constructor(
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: unknown) => void,
    private readonly options: CollectOptions,
  ) {
    this.deadline = setDeadline(options.timeoutMs, () => this.timedOut());
    const signal = options.signal;
    if (signal) {
      this.onAbort = () => {
        if (this.settled) return;
        const reason = abortReason(signal);
        this.settle();
        this.reject(reason);
        this.abort(reason);
      };
      if (signal.aborted) this.onAbort();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abandoned !== undefined) controller.abort(this.abandoned);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx informational responses come before the final one and have no body.
    if (statusCode < 200 || this.settled) return;
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
    this.resolve({ ok: false, reason: 'too-large', limit: this.options.maxBytes });
    controller.abort(new Error(`response body exceeds ${this.options.maxBytes} bytes`));
  }

  private timedOut(): void {
    if (this.settled) return;
    this.settle();
    this.resolve({ ok: false, reason: 'timeout', headersReceived: this.statusCode !== 0 });
    this.abort(new Error(`no complete response within ${this.options.timeoutMs} ms`));
  }

  /** Aborts the request now, or as soon as undici starts it. */
  private abort(reason: Error): void {
    if (this.controller) this.controller.abort(reason);
    else this.abandoned = reason;
  }

  private settle(): void {
    this.settled = true;
    this.deadline.clear();
    if (this.onAbort) this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
