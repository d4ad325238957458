import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { formatWorkflowList, summarizeInputs } from '../reporters/workflow-summary.js';
import { escapeJsonControlCharacters } from '../terminal.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';

export const listHelp = `Usage: loom list <file> [options]

Lists the workflows of an Arazzo document with their inputs.

Options:
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${documentAccessHelp(28)}
  --json                      Print JSON
  -h, --help                  Show this help

Example:
  loom list examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml`;

export const listOptions = {
  source: { type: 'string', multiple: true },
  ...documentAccessOptions,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function listCommand({ values, positionals }: ParsedCommandLine<typeof listOptions>, context: CommandContext): Promise<number> {
  const document = await loadModelForCommand(positionals[0]!, context, { sourceOverrides: parseAssignments('source', values.source), ...documentAccess('list', values) }, { command: 'list' });
  if (!document) return 2;
  const { model } = document;
  if (values.json) {
    const workflows = [...model.workflows.values()].map((workflow) => ({
      workflowId: workflow.workflowId,
      summary: workflow.definition.summary ?? null,
      inputs: summarizeInputs(workflow),
      steps: workflow.steps.length,
    }));
    context.stdout.write(escapeJsonControlCharacters(`${JSON.stringify({ workflows }, null, 2)}\n`));
  } else {
    context.stdout.write(`${formatWorkflowList(model, context.terminal)}\n`);
  }
  return 0;
}
