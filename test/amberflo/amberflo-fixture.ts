import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Simulator } from '../../examples/amberflo/simulator/index.mjs';
import { type LoomResult } from '../support/run-loom.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * What the Amberflo conformance tests share: where the reference example lives, its
 * inputs, how to point `loom run` at a simulator, and the `--json` contract.
 */
export const exampleDir = fileURLToPath(new URL('../../examples/amberflo/', import.meta.url));
export const workflowFile = `${exampleDir}arazzo/launch-usage-based-product.arazzo.yaml`;
export const inputsFile = `${exampleDir}inputs.json`;
export const workflowId = 'launch-usage-based-product';

export type AmberfloInputs = Record<string, unknown> & {
  apiKey: string;
  meterApiName: string;
  displayName: string;
  type: string;
  customerId: string;
  customerName: string;
  productId: string;
  meterValue: number;
  meterTimeInMillis: number;
};

/** examples/amberflo/inputs.json, read fresh each time so a test may change its copy. */
export function exampleInputs(): AmberfloInputs {
  return JSON.parse(readFileSync(inputsFile, 'utf8')) as AmberfloInputs;
}

/** Both source descriptions sent to the one simulator (DECISIONS D18). */
export function serversOf(url: string): { meteringApi: string; billingApi: string } {
  return { meteringApi: url, billingApi: url };
}

/** `loom run <reference workflow> --inputs inputs.json --server ...=<simulator> <extra>` as a process. */
export function runWorkflow(simulatorUrl: string, extra: readonly string[] = []): Promise<LoomResult> {
  return runLoomInProcess([
    'run',
    workflowFile,
    '--inputs',
    inputsFile,
    '--server',
    `meteringApi=${simulatorUrl}`,
    '--server',
    `billingApi=${simulatorUrl}`,
    ...extra,
  ]);
}

export interface JsonStep {
  stepId: string;
  workflowId: string;
  status: 'success' | 'failure';
  attempts: number;
  statusCode: number | null;
  durationMs: number;
  reason?: string;
}

export interface JsonRunReport {
  workflowId: string;
  status: 'success' | 'failure';
  outputs: Record<string, unknown>;
  steps: JsonStep[];
  error?: { message: string; stepId: string | null };
}

const REPORT_KEYS = ['workflowId', 'status', 'outputs', 'steps'];
const STEP_KEYS = ['stepId', 'workflowId', 'status', 'attempts', 'statusCode', 'durationMs'];

/**
 * Parses `loom run --json` stdout and checks the contract: exactly one JSON object with
 * `{ workflowId, status, outputs, steps, error? }`, each step exactly
 * `{ stepId, workflowId, status, attempts, statusCode, durationMs }` plus `reason` on a
 * failed step, `error` present exactly when the run failed.
 */
export function parseJsonReport(stdout: string): JsonRunReport {
  const report = JSON.parse(stdout) as JsonRunReport;
  const failed = report.status === 'failure';
  expect(Object.keys(report)).toEqual(failed ? [...REPORT_KEYS, 'error'] : REPORT_KEYS);
  expect(report.workflowId).toBe(workflowId);
  expect(['success', 'failure']).toContain(report.status);
  expect(typeof report.outputs).toBe('object');
  for (const step of report.steps) {
    expect(Object.keys(step)).toEqual(step.status === 'failure' ? [...STEP_KEYS, 'reason'] : STEP_KEYS);
    expect(step.workflowId).toBe(workflowId);
    expect(Number.isInteger(step.attempts) && step.attempts >= 1).toBe(true);
    expect(step.statusCode === null || Number.isInteger(step.statusCode)).toBe(true);
    expect(typeof step.durationMs === 'number' && step.durationMs >= 0).toBe(true);
  }
  if (report.error) expect(Object.keys(report.error)).toEqual(['message', 'stepId']);
  return report;
}

/** What the simulator received, without the transport's own headers. */
export function receivedRequests(simulator: Simulator) {
  return simulator.requests.map((request) => ({
    method: request.method,
    path: request.path,
    apiKey: request.headers['x-api-key'],
    contentType: request.headers['content-type'],
    body: request.body,
    status: request.status,
  }));
}
