/**
 * Types for the fleet benchmark (fleet.mjs), for the test that runs a small version of it.
 * Hand-written so the benchmark runs without a build; keep them in step with fleet.mjs.
 */
import type { Simulator } from '../../../examples/amberflo/simulator/index.mjs';

export declare const LAUNCH_DOCUMENT: string;
export declare const REPEATABLE_LAUNCH_DOCUMENT: string;

export type Phase = 'baseline' | 'fleet' | 'crash';

export interface BenchmarkOptions {
  /** Runs per phase. */
  runs: number;
  /** Worker processes (`loom worker`); the baseline runs workers x concurrency at a time. */
  workers: number;
  /** `--concurrency` of each worker. */
  concurrency: number;
  /** Workers SIGKILLed (and replaced) in the crash phase. */
  kill: number;
  /** `--take-over-after` of each worker. */
  takeOverAfterMs: number;
  redisUrl: string;
  /** Default: all three. */
  phases?: readonly Phase[];
  log?: (line: string) => void;
  /** How runs are queued: one queue client for all (default), or one `enqueue()` call (its own connection) a run. */
  enqueueWith?: 'client' | 'call';
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface PhaseReport {
  name: string;
  runs: number;
  runsPerSecond: number;
  /** Baseline: start -> end of run(); fleet: queued -> finished. */
  latency: Percentiles;
  /** Fleet: taken by a worker -> finished. */
  workerLatency?: Percentiles;
  wallMs: number;
  /** Every check that failed; empty when all passed. */
  problems: string[];
  enqueue?: { ms: number; runsPerSecond: number; with: 'client' | 'call' };
  memory?: { before: number; queued: number; finished: number; perQueuedRun: number; perFinishedRun: number };
  crash?: { killed: number; activeAtKill: number; takenOver: number; repeatedSteps: number; repeatedByStep: Record<string, number> };
}

export interface LaunchInputs {
  apiKey: string;
  meterApiName: string;
  displayName: string;
  type: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  productId: string;
  meterValue: number;
  meterTimeInMillis: number;
}

export interface Repeat {
  customerId: string;
  step: string;
  count: number;
}

export declare function launchInputs(count: number, tag: string, apiKey: string): LaunchInputs[];
export declare function runFleetBenchmark(options: BenchmarkOptions): Promise<{ machine: Record<string, unknown>; phases: PhaseReport[] }>;
export declare function checkSimulator(simulator: Simulator, inputs: readonly LaunchInputs[], options: { repeatsAllowed: boolean }): { problems: string[]; repeats: Repeat[] };
export declare function checkRepeats(repeats: readonly Repeat[], takenOver: ReadonlySet<string>, inFlightAtKill: ReadonlyMap<string, string>): string[];
export declare function formatPhase(report: PhaseReport): string;
