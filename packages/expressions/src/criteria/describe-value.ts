/** Short, single-line renderings of values for criterion explanations. */
import { MAX_SHOWN_DEPTH, toJsonText, writeJson } from '../json-text.js';

const LIMIT = 80;

/** A string as explanations show it: in single quotes, a quote inside doubled (the secret masker hides this form too). */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Room kept past LIMIT when the value is masked before it is shortened: a secret up to this
 * long that straddles the cut is still seen whole by the masker.
 */
const MASK_ROOM = 1024;

/**
 * The value in one short line. `mask` (the run's secret masker, DECISIONS D21) is applied
 * before the line is shortened: cut first, a secret could be left as a part the masker no
 * longer recognises.
 */
export function describeValue(value: unknown, mask?: (text: string) => string): string {
  let text: string;
  const room = mask ? LIMIT + MASK_ROOM : LIMIT + 1;
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') text = quoteString(value.length > room ? value.slice(0, room) : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (value instanceof Uint8Array) text = `${value.byteLength} bytes`;
  // Only the first LIMIT characters are shown: write no more than that, whatever the size or depth (DECISIONS D33).
  else text = writeJson(value, { maxDepth: MAX_SHOWN_DEPTH, maxLength: room }) ?? String(value);
  if (mask) text = mask(text);
  text = text.replace(/\s+/g, ' ');
  return text.length > LIMIT ? text.slice(0, LIMIT - 1) + '…' : text;
}

/** D5 string form of a context value: strings as they are, numbers and booleans by String(), the rest as JSON. */
export function contextString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return toJsonText(value) ?? '';
}
