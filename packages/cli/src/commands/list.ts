import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { formatWorkflowList, summarizeInputs } from '../reporters/workflow-summary.js';
import { escapeControlCharacters, escapeJsonControlCharacters, paint } from '../terminal.js';
import { expandFileArguments } from '../file-arguments.js';
import type { ResolvedDocument } from '@loom/engine';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';

export const listHelp = `Usage: loom list <file...> [options]

Lists the workflows of Arazzo documents with their inputs. <file> is a path or URL;
a folder (every *.arazzo.yaml, *.arazzo.yml and *.arazzo.json under it); a quoted
glob ('workflows/**/*.arazzo.yaml'); or - (stdin). Workflows with errors are left
out and counted on stderr.

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
  const reading = { sourceOverrides: parseAssignments('source', values.source), ...documentAccess('list', values) };
  const files = await expandFileArguments('list', positionals, context.cwd, { stdin: context.stdin });
  const listings: { file: string; model: ResolvedDocument }[] = [];
  let failed = false;
  for (const argument of files) {
    const file = argument.kind === 'stdin' ? argument.name : argument.path;
    const document = await loadModelForCommand(file, context, { ...reading, ...(argument.kind === 'stdin' ? { text: argument.text } : {}) }, { command: 'list' });
    if (document) listings.push({ file, model: document.model });
    else failed = true;
  }
  // One document named as such: its workflows, as always; a folder, a glob or several files: each under its file name.
  const single = files.length === 1 && !(files[0]!.kind === 'path' && files[0]!.found);
  if (values.json) {
    const workflowsOf = (model: ResolvedDocument) =>
      [...model.workflows.values()].map((workflow) => ({
        workflowId: workflow.workflowId,
        summary: workflow.definition.summary ?? null,
        inputs: summarizeInputs(workflow),
        steps: workflow.steps.length,
      }));
    const report = single ? { workflows: listings.length === 1 ? workflowsOf(listings[0]!.model) : [] } : { documents: listings.map(({ file, model }) => ({ file, workflows: workflowsOf(model) })) };
    if (listings.length > 0) context.stdout.write(escapeJsonControlCharacters(`${JSON.stringify(report, null, 2)}\n`));
  } else {
    const blocks = listings.map(({ file, model }) => (single ? formatWorkflowList(model, context.terminal) : `${paint(context.terminal, 'bold', escapeControlCharacters(file))}\n${formatWorkflowList(model, context.terminal)}`));
    if (blocks.length > 0) context.stdout.write(`${blocks.join('\n\n')}\n`);
  }
  return failed ? 2 : 0;
}
