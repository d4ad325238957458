/**
 * What every transport module shares: the broker's credentials taken from the URL's user info and
 * kept out of every message (DECISIONS D31, D21), errors as one masked LoomError line, and waits
 * bounded by a timeout and an AbortSignal (DECISIONS D69).
 */
import { LoomError } from '../errors.js';
import { createSecretMasker, MASK } from '../secrets/secret-policy.js';

/** The user info of a broker URL, percent-decoded; undefined parts are absent. */
export interface BrokerCredentials {
  readonly username?: string;
  readonly password?: string;
}

/** What a transport module needs to report about its broker without leaking credentials. */
export interface BrokerIdentity {
  readonly protocol: string;
  /** The URL as Loom shows it: user info replaced by `****@`. */
  readonly shownUrl: string;
  readonly credentials: BrokerCredentials;
  /** Hides the password (and the user info as written) wherever it turns up in a text. */
  readonly mask: (text: string) => string;
}

export function brokerIdentity(url: URL): BrokerIdentity {
  const protocol = url.protocol.replace(/:$/, '');
  const credentials: BrokerCredentials = {
    ...(url.username === '' ? {} : { username: percentDecode(url.username) }),
    ...(url.password === '' ? {} : { password: percentDecode(url.password) }),
  };
  const shown = new URL(url.href);
  const hadUserinfo = shown.username !== '' || shown.password !== '';
  shown.username = '';
  shown.password = '';
  const shownUrl = hadUserinfo ? shown.href.replace('//', `//${MASK}@`) : shown.href;
  const secrets = [credentials.password, url.password].filter((value): value is string => value !== undefined && value !== '');
  return { protocol, shownUrl, credentials, mask: createSecretMasker(secrets) };
}

/** The one error a transport throws: `LOOM_ERR_TRANSPORT`, naming the broker, its credentials masked. */
export function transportError(broker: BrokerIdentity, what: string, cause?: unknown): LoomError {
  const reason = cause === undefined ? '' : `: ${describeCause(cause)}`;
  // The cause is not attached: client errors may quote the URL they were given, credentials included.
  return new LoomError('LOOM_ERR_TRANSPORT', broker.mask(`${broker.protocol} ${broker.shownUrl}: ${what}${reason}`));
}

function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return describeCause(cause.errors[0]);
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const message = cause.message || (typeof code === 'string' ? code : cause.name);
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(cause);
}

/**
 * `work` bounded by `timeoutMs` and `signal`: rejects with `onTimeout()` when the time is up, with
 * `LOOM_ERR_ABORTED` when the signal aborts, and calls `cleanup` once either way so the caller can
 * drop what it started.
 */
export function bounded<T>(
  work: Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
  signal?: AbortSignal,
  cleanup?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = (): void =>
      finish(() => {
        cleanup?.();
        reject(new LoomError('LOOM_ERR_ABORTED', 'cancelled'));
      });
    const timer = setTimeout(
      () =>
        finish(() => {
          cleanup?.();
          reject(onTimeout());
        }),
      timeoutMs,
    );
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
