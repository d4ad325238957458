import { describeCredentials, type SchemeCredentials } from '@loom/engine';
import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { credentialHelp, credentialOptions, readCredentialOptions } from '../credential-options.js';
import { escapeControlCharacters, escapeJsonControlCharacters, paint } from '../terminal.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { selectWorkflowOption } from './workflow-option.js';

export const envHelp = `Usage: loom env <file> [options]

Lists, per workflow, every credential a run would read and whether it is set, never a value:
the security schemes of the operations it calls (DECISIONS D74), the --credentials entry and
the LOOM_<SOURCE>_<SCHEME>_<FIELD> environment variables of each (D75: upper case, every
character other than A-Z and 0-9 written as _), and the variables of --input-env (D78).
<file> - reads the document from stdin.

Options:
  --workflow <id>             Only this workflow
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${credentialHelp(28)}
${documentAccessHelp(28)}
  --json                      Print JSON
  -h, --help                  Show this help

Exit codes: 0 listed (whether or not everything is set), 2 the document or command line is wrong.

Example:
  loom env examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --input-env apiKey=AMBERFLO_API_KEY`;

export const envOptions = {
  workflow: { type: 'string' },
  source: { type: 'string', multiple: true },
  ...credentialOptions,
  ...documentAccessOptions,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function envCommand({ values, positionals }: ParsedCommandLine<typeof envOptions>, context: CommandContext): Promise<number> {
  const settings = await readCredentialOptions(values, context, 'env');
  const inputVariables = Object.entries(parseAssignments('input-env', values['input-env'])).map(([input, variable]) => ({
    input,
    variable,
    set: Object.prototype.hasOwnProperty.call(settings.environment, variable) && settings.environment[variable] !== undefined,
  }));
  const document = await loadModelForCommand(positionals[0]!, context, { sourceOverrides: parseAssignments('source', values.source), ...documentAccess('env', values) }, { command: 'env' });
  if (!document) return 2;
  const only = values.workflow !== undefined ? selectWorkflowOption('env', document, values.workflow).workflowId : undefined;
  const workflows = describeCredentials(document.model, {
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    credentialEnvironment: settings.environment,
  }).filter((workflow) => only === undefined || workflow.workflowId === only);
  if (values.json) {
    const report = { workflows: workflows.map((workflow) => ({ ...workflow, inputs: inputVariables })) };
    context.stdout.write(escapeJsonControlCharacters(`${JSON.stringify(report, null, 2)}\n`));
    return 0;
  }
  const state = (set: boolean): string => (set ? paint(context.terminal, 'green', 'set') : paint(context.terminal, 'yellow', 'not set'));
  // Names come from the document and the command line: escaped one by one, so the colours stay.
  const text = escapeControlCharacters;
  const lines: string[] = [];
  for (const workflow of workflows) {
    lines.push(`workflow ${paint(context.terminal, 'bold', text(workflow.workflowId))}`);
    if (workflow.schemes.length === 0 && inputVariables.length === 0) lines.push('  no credentials: its operations declare no security');
    for (const scheme of workflow.schemes) {
      lines.push(`  ${text(`${scheme.source}.${scheme.scheme} (${scheme.kind})`)}: ${describeOrigin(scheme, values.credentials !== undefined, state)}`);
      if (scheme.setBySteps.length > 0) lines.push(`    set by the steps themselves (they win): ${text(scheme.setBySteps.join(', '))}`);
      const width = Math.max(0, ...scheme.variables.map((entry) => entry.variable.length));
      for (const entry of scheme.variables) lines.push(`    ${text(entry.variable).padEnd(width)}  ${state(entry.set)}`);
    }
    for (const entry of inputVariables) lines.push(`  input ${text(entry.input)} from ${text(entry.variable)}: ${state(entry.set)}`);
  }
  context.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function describeOrigin(scheme: SchemeCredentials, hasFile: boolean, state: (set: boolean) => string): string {
  switch (scheme.from) {
    case 'x-security':
      return 'values written in the document (x-security)';
    case 'option':
      return `${state(true)} in --credentials${scheme.complete ? '' : ' (incomplete: a field it needs is missing)'}`;
    case 'environment':
      return `${state(true)} in the environment${scheme.complete ? '' : ' (incomplete: a field it needs is missing)'}`;
    default:
      return `${state(false)}${hasFile ? ' (not in --credentials, not in the environment)' : ''}`;
  }
}
