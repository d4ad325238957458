/**
 * DECISIONS D28: how deep workflows may nest in one run. Every workflow started from inside
 * another (a workflow step, a goto or retry to a workflow, a dependsOn) is one level deeper;
 * past the limit the run stops, so a workflow that runs itself ends with a message instead of
 * overflowing the stack.
 */
export const DEFAULT_MAX_WORKFLOW_DEPTH = 32;

/** Names shown in the message before it is shortened: the repeating part is visible either way. */
const SHOWN_NAMES = 16;

/** One line naming the chain of workflows that reached the limit, the one refused last. */
export function nestingLimitMessage(limit: number, running: readonly string[], refused: string): string {
  const chain = [...running, refused];
  const shown = chain.length <= SHOWN_NAMES ? chain : [...chain.slice(0, SHOWN_NAMES / 2), `... (${chain.length - SHOWN_NAMES} more)`, ...chain.slice(-SHOWN_NAMES / 2)];
  return `workflows nested ${limit} deep (maxWorkflowDepth): ${shown.join(' -> ')}`;
}
