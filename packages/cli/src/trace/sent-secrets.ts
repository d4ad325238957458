import type { HttpClient, HttpRequest, RequestEvent } from '@loom/engine';
import { MASK } from '@loom/engine/internal';

/**
 * The secrets a run's masked events hide, learnt from the requests as sent: a header value the engine
 * masked in the request event (a secret header, DECISIONS D21) is a secret wherever else it stands. The
 * engine masks such a value from the moment it is sent; a trace also holds what came before (the run's
 * inputs), so the trace masks it there too (DECISIONS D85).
 */
export function createSentSecrets() {
  const sent: HttpRequest[] = [];
  return {
    /** `client`, noting each request it is asked to send. */
    wrap(client: HttpClient): HttpClient {
      return {
        send: (request, options) => {
          sent.push(request);
          return client.send(request, options);
        },
        close: () => client.close(),
      };
    },
    /** The real values behind masked header values, pairing the nth request event with the nth request sent. */
    secrets(events: readonly RequestEvent[]): string[] {
      const found = new Set<string>();
      events.forEach((event, index) => {
        const request = sent[index];
        if (!request) return;
        const real = new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
        for (const [name, value] of Object.entries(event.headers)) {
          const actual = real.get(name.toLowerCase());
          if (value !== MASK || actual === undefined || actual === MASK || actual === '') continue;
          found.add(actual);
          // `Bearer <token>`: the token alone is the input a trace would show.
          const credentials = /^[A-Za-z][\w-]*\s+(\S{4,})$/.exec(actual)?.[1];
          if (credentials !== undefined) found.add(credentials);
        }
      });
      return [...found];
    },
  };
}

/** `value` with every occurrence of each secret in its strings replaced by the mask (longest secrets first). */
export function maskKnownSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const maskText = (text: string) => ordered.reduce((masked, secret) => masked.split(secret).join(MASK), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return maskText(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object' && !(item instanceof Uint8Array)) return Object.fromEntries(Object.entries(item).map(([key, member]) => [key, walk(member)]));
    return item;
  };
  return walk(value) as T;
}
