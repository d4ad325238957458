import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { describeTarget, formatWorkflowDescription, summarizeInputs } from '../reporters/workflow-summary.js';
import { escapeJsonControlCharacters } from '../terminal.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { selectWorkflowOption } from './workflow-option.js';

export const describeHelp = `Usage: loom describe <file> [--workflow <id>] [options]

Shows a workflow: its inputs, its steps (operation or workflow called, parameters,
body, success criteria, actions, outputs) and its outputs.
<file> - reads the document from stdin.

Options:
  --workflow <id>             The workflow (may be left out when the document has one)
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${documentAccessHelp(28)}
  --json                      Print JSON
  -h, --help                  Show this help

Example:
  loom describe examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml`;

export const describeOptions = {
  workflow: { type: 'string' },
  source: { type: 'string', multiple: true },
  ...documentAccessOptions,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function describeCommand({ values, positionals }: ParsedCommandLine<typeof describeOptions>, context: CommandContext): Promise<number> {
  const document = await loadModelForCommand(positionals[0]!, context, { sourceOverrides: parseAssignments('source', values.source), ...documentAccess('describe', values) }, { command: 'describe' });
  if (!document) return 2;
  const workflow = selectWorkflowOption('describe', document, values.workflow);
  if (values.json) {
    const description = {
      workflowId: workflow.workflowId,
      summary: workflow.definition.summary ?? null,
      inputsSchema: workflow.inputsSchema ?? null,
      inputs: summarizeInputs(workflow),
      dependsOn: workflow.dependsOn.map((target) => target.workflowId),
      steps: workflow.steps.map((step) => ({
        stepId: step.stepId,
        calls: describeTarget(step),
        parameters: step.parameters,
        requestBody: step.definition.requestBody ?? null,
        successCriteria: step.successCriteria,
        onSuccess: step.onSuccess.map((action) => action.definition),
        onFailure: step.onFailure.map((action) => action.definition),
        outputs: step.outputs,
      })),
      outputs: workflow.outputs,
    };
    context.stdout.write(escapeJsonControlCharacters(`${JSON.stringify(description, null, 2)}\n`));
  } else {
    context.stdout.write(`${formatWorkflowDescription(workflow, context.terminal)}\n`);
  }
  return 0;
}
