import { createHash } from 'node:crypto';

/**
 * DECISIONS D81: the MCP tool name of each workflow. Clients accept `^[A-Za-z0-9_-]{1,64}$`, so every
 * other character of the workflowId becomes `_`; a name that is then longer than 64 characters, or that
 * more than one exposed workflow would get, is cut to 55 characters and ends in `_` and the first
 * 8 hex digits of the SHA-256 of the workflow's key (its workflowId, or `<file>#<workflowId>` when two
 * documents share the workflowId), so it is unique and stays the same from one start to the next.
 */
export const MAX_TOOL_NAME_LENGTH = 64;
const HASH_DIGITS = 8;

/** One exposed workflow, as its tool name is derived from it. */
export interface ToolNameSource {
  /** The document as named on the command line. */
  readonly file: string;
  readonly workflowId: string;
}

/** The tool names of `workflows`, in the same order. */
export function deriveToolNames(workflows: readonly ToolNameSource[]): string[] {
  const sanitized = workflows.map(({ workflowId }) => workflowId.replace(/[^A-Za-z0-9_-]/g, '_'));
  const countOf = (values: readonly string[], value: string) => values.filter((other) => other === value).length;
  const ids = workflows.map(({ workflowId }) => workflowId);
  return workflows.map((workflow, index) => {
    const name = sanitized[index]!;
    if (name !== '' && name.length <= MAX_TOOL_NAME_LENGTH && countOf(sanitized, name) === 1) return name;
    const key = countOf(ids, workflow.workflowId) > 1 ? `${workflow.file}#${workflow.workflowId}` : workflow.workflowId;
    const hash = createHash('sha256').update(key).digest('hex').slice(0, HASH_DIGITS);
    return `${name.slice(0, MAX_TOOL_NAME_LENGTH - HASH_DIGITS - 1)}_${hash}`;
  });
}
