import type { RequestEvent } from '@loom/engine';

/** What replay found different from the trace (DECISIONS D86). */
export type ReplayDifference =
  | {
      readonly kind: 'request';
      /** 1-based position of the request in the run. */
      readonly index: number;
      readonly request: RequestEvent;
      readonly field: 'method' | 'url' | 'headers' | 'body';
      /** The recorded and replayed values as text, JSON pretty-printed with sorted keys, headers one per line. */
      readonly recorded: string;
      readonly replayed: string;
    }
  /** The replay sent a request the trace does not have. */
  | { readonly kind: 'extra-request'; readonly index: number; readonly request: RequestEvent }
  /** The trace has a request the replay did not send. */
  | { readonly kind: 'missing-request'; readonly index: number; readonly request: RequestEvent }
  | { readonly kind: 'outputs' | 'status'; readonly recorded: string; readonly replayed: string };

/**
 * Compares the requests of a replay with the trace's, position by position: method, URL, headers
 * (names in any case, order ignored) and body (JSON bodies as data, key order ignored). Both sides are
 * masked alike (DECISIONS D86), so a masked secret compares equal to a masked secret.
 */
export function compareRequests(recorded: readonly RequestEvent[], replayed: readonly RequestEvent[]): ReplayDifference[] {
  const differences: ReplayDifference[] = [];
  const count = Math.max(recorded.length, replayed.length);
  for (let position = 0; position < count; position++) {
    const before = recorded[position];
    const after = replayed[position];
    const index = position + 1;
    if (!before) {
      differences.push({ kind: 'extra-request', index, request: after! });
      continue;
    }
    if (!after) {
      differences.push({ kind: 'missing-request', index, request: before });
      continue;
    }
    const fields: ['method' | 'url' | 'headers' | 'body', string, string][] = [
      ['method', before.method.toUpperCase(), after.method.toUpperCase()],
      ['url', before.url, after.url],
      ['headers', headerText(before.headers), headerText(after.headers)],
      ['body', bodyText(before.body), bodyText(after.body)],
    ];
    for (const [field, recordedText, replayedText] of fields) {
      if (recordedText !== replayedText) differences.push({ kind: 'request', index, request: after, field, recorded: recordedText, replayed: replayedText });
    }
  }
  return differences;
}

/** Compares two values as data: the texts differ exactly when the values do. */
export function compareValues(kind: 'outputs' | 'status', recorded: unknown, replayed: unknown): ReplayDifference | undefined {
  const before = canonicalJson(recorded);
  const after = canonicalJson(replayed);
  return before === after ? undefined : { kind, recorded: before, replayed: after };
}

function headerText(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort()
    .join('\n');
}

function bodyText(body: string | undefined): string {
  if (body === undefined) return '';
  try {
    return canonicalJson(JSON.parse(body));
  } catch {
    return body;
  }
}

/** JSON with object keys sorted, two spaces deep: one line per value, for a readable line diff. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
