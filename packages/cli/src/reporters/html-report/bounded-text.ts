/**
 * DECISIONS D89: the report holds at most MAX_REPORT_TEXT_CHARS of any one body or value, and at most
 * MAX_REPORT_TOTAL_CHARS of them in all; past that a note says how much was left out. The recorder
 * cuts values as the run goes, so a long run with large responses does not hold them all in memory.
 */

/** The most characters of one body, header set or value shown in an HTML report. */
export const MAX_REPORT_TEXT_CHARS = 32 * 1024;
/** The most characters of bodies and values one HTML report holds in all. */
export const MAX_REPORT_TOTAL_CHARS = 8 * 1024 * 1024;

/** A value as the report shows it: its text, cut to the limits, with how much was left out. */
export interface BoundedText {
  readonly text: string;
  /** Characters left out (0: the text is whole). */
  readonly omittedChars: number;
}

/** Hands out the report's total budget; one per report (or per recorder). */
export interface TextBudget {
  bound(text: string): BoundedText;
}

export function createTextBudget(maxChars = MAX_REPORT_TOTAL_CHARS, maxEachChars = MAX_REPORT_TEXT_CHARS): TextBudget {
  let left = maxChars;
  return {
    bound(text) {
      const keep = Math.max(0, Math.min(text.length, maxEachChars, left));
      // Never cut a surrogate pair in two: the half left would be an invalid character.
      const end = keep > 0 && keep < text.length && isHighSurrogate(text.charCodeAt(keep - 1)) ? keep - 1 : keep;
      left -= end;
      return { text: text.slice(0, end), omittedChars: text.length - end };
    },
  };
}

/** A body or value as text: strings as they are, binary as a note, the rest as indented JSON. */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes of binary data)`;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? String(value);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
