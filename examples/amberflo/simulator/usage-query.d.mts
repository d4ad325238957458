/** Types for usage-query.mjs (queryUsage's arithmetic); hand-written so it runs without a build. */
import type { MeterDefinition, MeterEvent } from './index.d.mts';

export type Interval = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

export interface UsageQuery {
  meterApiName: string;
  startTimeInSeconds: number;
  endTimeInSeconds: number;
  aggregation: 'SUM' | 'MAX' | 'COUNT';
  timeGroupingInterval: Interval;
  groupBy?: string[];
  customerFilter?: string[];
  filter?: Record<string, string[]>;
}

export interface UsageGroup {
  groupInfo: Record<string, string>;
  records: Array<Record<string, number>>;
  groupValue: number;
}

export interface UsageReport {
  clientMeters: Record<string, UsageGroup[]>;
}

/** Windows holding more intervals than this are refused. */
export declare const MAX_INTERVALS: number;

/** The start (Unix milliseconds) of the UTC interval holding `timeMillis`. */
export declare function intervalStart(timeMillis: number, interval: Interval): number;

/** The usage report for `query` over `events`, or why the query cannot be answered. */
export declare function aggregateUsage(
  meter: MeterDefinition,
  events: readonly MeterEvent[],
  query: UsageQuery,
): { ok: true; report: UsageReport } | { ok: false; message: string };
