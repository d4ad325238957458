import type { TestCase } from './types.js';

/**
 * The trace file of a case in `--trace-dir`: its document's name, workflow and input set, with every
 * character that is unsafe in a file name replaced (`flows/orders.arazzo.yaml › place [small]` ->
 * `flows_orders.arazzo.yaml--place--small.trace.jsonl`).
 */
export function traceFileName(testCase: TestCase): string {
  const parts = [testCase.file, testCase.workflowId, testCase.inputSet].filter((part): part is string => part !== undefined && part !== '');
  return `${parts.map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '_')).join('--')}.trace.jsonl`;
}
