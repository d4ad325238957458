/**
 * RFC 9110 §10.2.3 Retry-After: `delay-seconds` or an `HTTP-date` (DECISIONS D12:
 * the header, when present, sets the retry delay; the runner applies the cap).
 */

const DELAY_SECONDS = /^\d+$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept.
const IMF_FIXDATE = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * The delay in milliseconds a Retry-After value asks for: seconds x 1000, or
 * the time until the date (0 when it is past); `undefined` when absent or
 * not a valid value. With repeated headers the first one counts.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (DELAY_SECONDS.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : Number.MAX_SAFE_INTEGER;
  }
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** An HTTP-date as epoch milliseconds, or `undefined`. */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) return utc(match[3], match[2], match[1], match[4], match[5], match[6]);
  match = RFC850_DATE.exec(text);
  if (match !== null) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const twoDigits = Number(match[3]);
    const currentYear = new Date(now).getUTCFullYear();
    let year = Math.floor(currentYear / 100) * 100 + twoDigits;
    if (year > currentYear + 50) year -= 100;
    return utc(String(year), match[2], match[1], match[4], match[5], match[6]);
  }
  match = ASCTIME_DATE.exec(text);
  if (match !== null) return utc(match[6], match[1], match[2]?.trim(), match[3], match[4], match[5]);
  return undefined;
}

function utc(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
): number | undefined {
  const monthIndex = MONTHS.indexOf((month ?? '').toLowerCase());
  const values = [year, day, hours, minutes, seconds].map(Number);
  const [y, d, h, m, s] = values as [number, number, number, number, number];
  if (monthIndex === -1 || values.some(Number.isNaN) || d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const time = Date.UTC(y, monthIndex, d, h, m, s);
  // Reject dates that roll over (31 Feb -> 3 Mar).
  return new Date(time).getUTCDate() === d ? time : undefined;
}
