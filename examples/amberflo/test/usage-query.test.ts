import { describe, expect, it } from 'vitest';
import { aggregateUsage, intervalStart, MAX_INTERVALS } from '../simulator/usage-query.mjs';

type MeterType = 'SUM_OF_ALL_USAGE' | 'MAX_IN_PERIOD' | 'UNIQUE_CUSTOMERS_COUNT';

const meterOf = (type: MeterType) => ({
  meterApiName: 'm',
  displayName: 'M',
  label: 'm',
  type,
  meterTimeInMillis: 0,
  dimensions: [],
});
const HOUR = 3_600_000;
const T = Date.UTC(2025, 2, 5, 12); // Wednesday 2025-03-05 12:00 UTC
const stored = (customerId: string, meterValue: number, meterTimeInMillis: number, dimensions?: Record<string, string>) => ({
  meterApiName: 'm',
  customerId,
  meterValue,
  meterTimeInMillis,
  ingestTimeInMillis: 0,
  ...(dimensions ? { dimensions } : {}),
});
const events = [
  stored('a', 3, T, { region: 'eu' }),
  stored('a', 9, T + 10 * 60_000, { region: 'us' }),
  stored('b', 4, T + HOUR, { region: 'eu' }),
  stored('c', 1, T + 5 * HOUR), // outside a 2-hour window
  { ...stored('a', 1000, T), meterApiName: 'other' },
];
const window = {
  meterApiName: 'm',
  startTimeInSeconds: T / 1000,
  endTimeInSeconds: (T + 2 * HOUR) / 1000,
  timeGroupingInterval: 'HOUR' as const,
};

function report(type: MeterType, query: Record<string, unknown>) {
  const result = aggregateUsage(meterOf(type), events, { ...window, aggregation: 'SUM', ...query } as never);
  if (!result.ok) throw new Error(result.message);
  return result.report.clientMeters['m'];
}

describe('queryUsage arithmetic', () => {
  it('SUM_OF_ALL_USAGE adds values per interval, only for the meter and the window', () => {
    expect(report('SUM_OF_ALL_USAGE', {})).toEqual([
      { groupInfo: {}, records: [{ [T / 1000]: 12 }, { [(T + HOUR) / 1000]: 4 }], groupValue: 16 },
    ]);
  });

  it('MAX_IN_PERIOD takes the largest value per interval; MAX aggregation the largest interval', () => {
    expect(report('MAX_IN_PERIOD', { aggregation: 'MAX' })).toEqual([
      { groupInfo: {}, records: [{ [T / 1000]: 9 }, { [(T + HOUR) / 1000]: 4 }], groupValue: 9 },
    ]);
  });

  it('UNIQUE_CUSTOMERS_COUNT counts distinct customers per interval; COUNT aggregation counts events', () => {
    expect(report('UNIQUE_CUSTOMERS_COUNT', { aggregation: 'COUNT' })).toEqual([
      { groupInfo: {}, records: [{ [T / 1000]: 1 }, { [(T + HOUR) / 1000]: 1 }], groupValue: 3 },
    ]);
  });

  it('groups by customerId and by dimensions, leaving out a dimension an event lacks', () => {
    const groups = report('SUM_OF_ALL_USAGE', {
      groupBy: ['customerId', 'region'],
      endTimeInSeconds: (T + 6 * HOUR) / 1000,
      timeGroupingInterval: 'DAY',
    });
    expect(groups?.map((group) => [group.groupInfo, group.groupValue])).toEqual([
      [{ customerId: 'a', region: 'eu' }, 3],
      [{ customerId: 'a', region: 'us' }, 9],
      [{ customerId: 'b', region: 'eu' }, 4],
      [{ customerId: 'c' }, 1],
    ]);
  });

  it('applies customerFilter and dimension filters', () => {
    expect(report('SUM_OF_ALL_USAGE', { customerFilter: ['b'] })?.[0]?.groupValue).toBe(4);
    expect(report('SUM_OF_ALL_USAGE', { filter: { region: ['eu'] } })?.[0]?.groupValue).toBe(7);
  });

  it('answers one zero series when nothing matches and there is no groupBy, none with groupBy', () => {
    expect(report('SUM_OF_ALL_USAGE', { customerFilter: ['nobody'] })).toEqual([
      { groupInfo: {}, records: [{ [T / 1000]: 0 }, { [(T + HOUR) / 1000]: 0 }], groupValue: 0 },
    ]);
    expect(report('SUM_OF_ALL_USAGE', { customerFilter: ['nobody'], groupBy: ['customerId'] })).toEqual([]);
  });

  it('refuses an empty window and one with too many intervals', () => {
    const base = { ...window, aggregation: 'SUM' as const };
    expect(aggregateUsage(meterOf('SUM_OF_ALL_USAGE'), [], { ...base, endTimeInSeconds: base.startTimeInSeconds })).toMatchObject({ ok: false });
    const years = aggregateUsage(meterOf('SUM_OF_ALL_USAGE'), [], { ...base, endTimeInSeconds: base.startTimeInSeconds + 3 * 365 * 86_400 });
    expect(years).toEqual({ ok: false, message: expect.stringContaining(String(MAX_INTERVALS)) });
  });
});

describe('UTC intervals', () => {
  it('start on the hour, the day, the Monday and the first of the month', () => {
    const time = Date.UTC(2025, 2, 5, 12, 34, 56);
    expect(new Date(intervalStart(time, 'HOUR')).toISOString()).toBe('2025-03-05T12:00:00.000Z');
    expect(new Date(intervalStart(time, 'DAY')).toISOString()).toBe('2025-03-05T00:00:00.000Z');
    expect(new Date(intervalStart(time, 'WEEK')).toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(new Date(intervalStart(Date.UTC(2025, 2, 9, 23), 'WEEK')).toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(new Date(intervalStart(time, 'MONTH')).toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('monthly series follow calendar months', () => {
    const result = aggregateUsage(meterOf('SUM_OF_ALL_USAGE'), [stored('a', 2, Date.UTC(2025, 1, 28, 23)), stored('a', 5, Date.UTC(2025, 2, 1))], {
      meterApiName: 'm',
      startTimeInSeconds: Date.UTC(2025, 0, 15) / 1000,
      endTimeInSeconds: Date.UTC(2025, 3, 1) / 1000,
      aggregation: 'SUM',
      timeGroupingInterval: 'MONTH',
    });
    expect(result.ok && result.report.clientMeters['m']?.[0]?.records).toEqual([
      { [Date.UTC(2025, 0, 1) / 1000]: 0 },
      { [Date.UTC(2025, 1, 1) / 1000]: 2 },
      { [Date.UTC(2025, 2, 1) / 1000]: 5 },
    ]);
  });
});
