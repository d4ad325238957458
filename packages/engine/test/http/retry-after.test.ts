import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter } from '../../src/http/retry-after.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it('D12: delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5_000);
  });

  it('D12: an HTTP-date (IMF-fixdate) is the time until then', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
  });

  it('obsolete RFC 850 and asctime dates are accepted', () => {
    expect(parseRetryAfter('Wednesday, 15-Jan-25 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Wed Jan 15 12:00:10 2025', NOW)).toBe(10_000);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('a date in the past means no wait', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('the first of repeated headers counts', () => {
    expect(parseRetryAfter(['3', '10'], NOW)).toBe(3_000);
  });

  it('absent or invalid values are undefined', () => {
    for (const value of [undefined, '', '   ', '-1', '1.5', 'soon', '10s', 'Wed, 32 Jan 2025 12:00:00 GMT', 'Wed, 31 Feb 2025 12:00:00 GMT', 'Wed, 15 Foo 2025 12:00:00 GMT', '2025-01-15T12:00:30Z']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
    expect(parseRetryAfter([], NOW)).toBeUndefined();
  });

  it('a huge delay stays a safe integer', () => {
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
