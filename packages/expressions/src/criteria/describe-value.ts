/** Short, single-line renderings of values for criterion explanations. */
import { MAX_SHOWN_DEPTH, toJsonText, writeJson } from '../json-text.js';

const LIMIT = 80;

/** A string as explanations show it: in single quotes, a quote inside doubled (the secret masker hides this form too). */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function describeValue(value: unknown): string {
  let text: string;
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') text = quoteString(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (value instanceof Uint8Array) text = `${value.byteLength} bytes`;
  // Only the first LIMIT characters are shown: write no more than that, whatever the size or depth (DECISIONS D33).
  else text = writeJson(value, { maxDepth: MAX_SHOWN_DEPTH, maxLength: LIMIT + 1 }) ?? String(value);
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
