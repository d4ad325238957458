/**
 * queryUsage's arithmetic, pure: stored events + a usage query -> the usage report.
 *
 * The window [startTimeInSeconds, endTimeInSeconds) is cut into UTC intervals (HOUR, DAY,
 * WEEK from Monday, calendar MONTH); the first interval starts at or before the window's
 * start. Within each interval the METER'S TYPE turns a group's events into one number:
 * SUM_OF_ALL_USAGE adds their values, MAX_IN_PERIOD takes the largest, UNIQUE_CUSTOMERS_COUNT
 * counts distinct customers. The query's `aggregation` then gives the group's total over the
 * window (`groupValue`): SUM adds the intervals, MAX takes the largest interval, COUNT counts
 * the events. These are the simulator's choices, documented in the example's README.
 */

/** Refuse windows that would produce more intervals than this (an hourly query over years). */
export const MAX_INTERVALS = 10_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FIXED_LENGTH_MS = /** @type {const} */ ({ HOUR: HOUR_MS, DAY: DAY_MS, WEEK: 7 * DAY_MS });

/**
 * @typedef {'HOUR' | 'DAY' | 'WEEK' | 'MONTH'} Interval
 * @typedef {{
 *   meterApiName: string; startTimeInSeconds: number; endTimeInSeconds: number;
 *   aggregation: 'SUM' | 'MAX' | 'COUNT'; timeGroupingInterval: Interval;
 *   groupBy?: string[]; customerFilter?: string[]; filter?: Record<string, string[]>;
 * }} UsageQuery
 * @typedef {{ groupInfo: Record<string, string>; records: Array<Record<string, number>>; groupValue: number }} UsageGroup
 * @typedef {{ clientMeters: Record<string, UsageGroup[]> }} UsageReport
 * @typedef {import('./state.mjs').MeterEvent} MeterEvent
 * @typedef {import('./state.mjs').MeterDefinition} MeterDefinition
 */

/**
 * The start of the UTC interval holding `timeMillis`.
 * @param {number} timeMillis
 * @param {Interval} interval
 */
export function intervalStart(timeMillis, interval) {
  const date = new Date(timeMillis);
  switch (interval) {
    case 'HOUR':
      return Math.floor(timeMillis / HOUR_MS) * HOUR_MS;
    case 'DAY':
      return Math.floor(timeMillis / DAY_MS) * DAY_MS;
    case 'WEEK': {
      const day = Math.floor(timeMillis / DAY_MS) * DAY_MS;
      const daysSinceMonday = (date.getUTCDay() + 6) % 7;
      return day - daysSinceMonday * DAY_MS;
    }
    case 'MONTH':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
}

/**
 * Which interval of a series starting at `firstStart` holds `timeMillis` (0-based).
 * @param {number} firstStart
 * @param {number} timeMillis
 * @param {Interval} interval
 */
function intervalIndex(firstStart, timeMillis, interval) {
  if (interval === 'MONTH') {
    const first = new Date(firstStart);
    const time = new Date(timeMillis);
    return (time.getUTCFullYear() - first.getUTCFullYear()) * 12 + (time.getUTCMonth() - first.getUTCMonth());
  }
  return Math.floor((timeMillis - firstStart) / FIXED_LENGTH_MS[interval]);
}

/**
 * @param {number} start
 * @param {Interval} interval
 */
function nextIntervalStart(start, interval) {
  if (interval !== 'MONTH') return start + FIXED_LENGTH_MS[interval];
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/**
 * @param {MeterEvent} event
 * @param {string} dimension `customerId` or a dimension name
 * @returns {string | undefined}
 */
function dimensionValue(event, dimension) {
  return dimension === 'customerId' ? event.customerId : event.dimensions?.[dimension];
}

/**
 * @param {MeterDefinition} meter
 * @param {readonly MeterEvent[]} events all stored events (of any meter)
 * @param {UsageQuery} query a body that passed the UsageQuery schema
 * @returns {{ ok: true; report: UsageReport } | { ok: false; message: string }}
 */
export function aggregateUsage(meter, events, query) {
  const windowStart = query.startTimeInSeconds * 1000;
  const windowEnd = query.endTimeInSeconds * 1000;
  if (windowEnd <= windowStart) {
    return { ok: false, message: 'endTimeInSeconds must be later than startTimeInSeconds' };
  }
  const interval = query.timeGroupingInterval;
  /** @type {number[]} */
  const starts = [];
  for (let start = intervalStart(windowStart, interval); start < windowEnd; start = nextIntervalStart(start, interval)) {
    if (starts.length === MAX_INTERVALS) {
      return { ok: false, message: `the window holds more than ${MAX_INTERVALS} ${interval} intervals; use a longer interval` };
    }
    starts.push(start);
  }
  const firstStart = /** @type {number} */ (starts[0]);
  const groupBy = query.groupBy ?? [];
  const customers = query.customerFilter ? new Set(query.customerFilter) : undefined;
  const filters = Object.entries(query.filter ?? {});

  /** @type {Map<string, { groupInfo: Record<string, string>; buckets: MeterEvent[][]; count: number }>} */
  const groups = new Map();
  for (const event of events) {
    if (event.meterApiName !== meter.meterApiName) continue;
    if (event.meterTimeInMillis < windowStart || event.meterTimeInMillis >= windowEnd) continue;
    if (customers && !customers.has(event.customerId)) continue;
    if (!filters.every(([dimension, values]) => values.includes(dimensionValue(event, dimension) ?? ''))) continue;
    const values = groupBy.map((dimension) => dimensionValue(event, dimension));
    const key = JSON.stringify(values.map((value) => value ?? null));
    let group = groups.get(key);
    if (!group) {
      /** @type {Record<string, string>} */
      const groupInfo = {};
      groupBy.forEach((dimension, index) => {
        const value = values[index];
        if (value !== undefined) groupInfo[dimension] = value;
      });
      group = { groupInfo, buckets: starts.map(() => []), count: 0 };
      groups.set(key, group);
    }
    group.buckets[intervalIndex(firstStart, event.meterTimeInMillis, interval)]?.push(event);
    group.count++;
  }
  // Without groupBy there is always exactly one series, zeros when nothing was recorded.
  if (groupBy.length === 0 && groups.size === 0) groups.set('[]', { groupInfo: {}, buckets: starts.map(() => []), count: 0 });

  const report = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const values = group.buckets.map((bucket) => intervalValue(meter.type, bucket));
      return {
        groupInfo: group.groupInfo,
        records: values.map((value, index) => ({ [String((starts[index] ?? 0) / 1000)]: value })),
        groupValue: combine(query.aggregation, values, group.count),
      };
    });
  return { ok: true, report: { clientMeters: { [meter.meterApiName]: report } } };
}

/**
 * @param {string} meterType
 * @param {MeterEvent[]} bucket
 */
function intervalValue(meterType, bucket) {
  switch (meterType) {
    case 'MAX_IN_PERIOD':
      return bucket.reduce((max, event) => Math.max(max, event.meterValue), bucket.length > 0 ? -Infinity : 0);
    case 'UNIQUE_CUSTOMERS_COUNT':
      return new Set(bucket.map((event) => event.customerId)).size;
    default:
      return bucket.reduce((sum, event) => sum + event.meterValue, 0);
  }
}

/**
 * @param {'SUM' | 'MAX' | 'COUNT'} aggregation
 * @param {number[]} values one per interval
 * @param {number} eventCount
 */
function combine(aggregation, values, eventCount) {
  switch (aggregation) {
    case 'MAX':
      return values.length > 0 ? Math.max(...values) : 0;
    case 'COUNT':
      return eventCount;
    default:
      return values.reduce((sum, value) => sum + value, 0);
  }
}
