import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { buildFlowGraph, renderDot, renderMermaid } from '../reporters/flow-graph.js';
import { escapeControlCharactersKeepingLayout } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { selectWorkflowOption } from './workflow-option.js';

export const graphHelp = `Usage: loom graph <file> [--workflow <id>] [options]

Draws a workflow's control flow: its steps, where each goes on success and on
failure (goto, retry, end), the workflows it calls or depends on.
<file> - reads the document from stdin.

Options:
  --workflow <id>             The workflow (may be left out when the document has one)
  --format <mermaid|dot>      Mermaid flowchart (default) or Graphviz DOT
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${documentAccessHelp(28)}
  -h, --help                  Show this help

Example:
  loom graph examples/spec/pet-coupons.arazzo.yaml --workflow apply-coupon --format dot > flow.dot   # Graphviz: dot -Tsvg flow.dot > flow.svg`;

export const graphOptions = {
  workflow: { type: 'string' },
  format: { type: 'string', default: 'mermaid' },
  source: { type: 'string', multiple: true },
  ...documentAccessOptions,
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function graphCommand({ values, positionals }: ParsedCommandLine<typeof graphOptions>, context: CommandContext): Promise<number> {
  if (values.format !== 'mermaid' && values.format !== 'dot') throw new UsageError(`graph: --format must be mermaid or dot, got '${values.format}'`);
  const document = await loadModelForCommand(positionals[0]!, context, { sourceOverrides: parseAssignments('source', values.source), ...documentAccess('graph', values) }, { command: 'graph' });
  if (!document) return 2;
  const graph = buildFlowGraph(selectWorkflowOption('graph', document, values.workflow));
  // Labels quote the document: control characters are shown escaped.
  context.stdout.write(escapeControlCharactersKeepingLayout(values.format === 'dot' ? renderDot(graph) : renderMermaid(graph)));
  return 0;
}
