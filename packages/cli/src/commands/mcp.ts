import { parseAssignments, type ParsedCommandLine } from '../arguments.js';
import type { CommandContext, CommandOptions } from '../command.js';
import { expandFileArguments } from '../file-arguments.js';
import { readRunLimits } from '../inputs-option.js';
import { UsageError } from '../usage-error.js';
import { cliVersion } from '../version.js';
import { escapeControlCharacters } from '../terminal.js';
import { credentialHelp, credentialOptions, readCredentialOptions } from '../credential-options.js';
import { isLoopback } from '../mcp/loopback.js';
import { declaredInputs, readCredentialInputs, readServerInputs } from '../mcp/server-inputs.js';
import { workflowTools, type ExposableDocument, type ToolRunSettings } from '../mcp/workflow-tools.js';
import { documentAccess, documentAccessHelp, documentAccessOptions } from './document-access.js';
import { loadModelForCommand } from './load-for-command.js';
import { readTlsOptions, tlsCommandOptions, tlsHelp } from './tls-options.js';

export const mcpHelp = `Usage: loom mcp <file...> [options]

Serves the workflows of Arazzo documents as Model Context Protocol tools, one tool per
workflow, over stdio (default) or Streamable HTTP (--http). A tool's name is its workflowId
with every character other than A-Z a-z 0-9 _ - made _; a name longer than 64 characters, or
one two workflows would share, is cut to 55 and ends in _ and 8 hex digits of a hash.
Its description is the workflow's summary and description, its input schema the workflow's
inputs schema; a call returns the workflow's outputs, or the failing step and why.
Secrets are masked in every result and error, as with loom run. Credentials come from
--credentials and LOOM_<SOURCE>_<SCHEME>_* variables as for loom run, for every call; an input
the server gives (--input-env) is left out of the tool's input schema: the agent is never
asked for it, and the server's value is used whatever the agent sends (DECISIONS D109). So is an
input that only carries a credential the server holds (a step parameter in the header, query
parameter or cookie of a security scheme, or an x-security value): each call leaves it to that
credential (DECISIONS D60).

Options:
  --workflow <id>             Expose only this workflow (repeatable; default: all)
  --http <port>               Serve Streamable HTTP on <port> (0: any free port) at /mcp
  --host <address>            Listen on <address> (default 127.0.0.1); any other than a loopback
                              address requires --token-env
  --token-env <VAR>           Require "Authorization: Bearer <token>", the token read from the
                              environment variable <VAR>
  --server <source>=<url>     Send the requests of source description <source> to <url> (repeatable)
  --source <name>=<path|url>  Read source description <name> from another place (repeatable)
${credentialHelp(28)}
${documentAccessHelp(28)}
${tlsHelp(28)}
  --timeout <ms>              Per-request timeout, reading remote documents included (default 30000)
  --run-timeout <ms>          Timeout for each tool call's run (default: none)
  --max-steps <n>             Stop a run after this many step executions (default 1000)
  --max-workflow-depth <n>    Stop a run when workflows nest deeper than this (default 32)
  -h, --help                  Show this help

Stops on Ctrl-C (SIGINT) or SIGTERM, or when stdin ends (stdio). Exit codes: 0 stopped,
2 nothing was served (errors in every workflow, or the command line).

Examples:
  loom mcp examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010
  loom mcp examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\
    --env-file examples/amberflo/demo.env --input-env apiKey=AMBERFLO_API_KEY \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010
  loom mcp examples/amberflo/arazzo --http 0 --workflow launch-usage-based-product \\
    --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010`;

export const mcpOptions = {
  workflow: { type: 'string', multiple: true },
  http: { type: 'string' },
  host: { type: 'string' },
  'token-env': { type: 'string' },
  server: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  ...credentialOptions,
  ...documentAccessOptions,
  ...tlsCommandOptions,
  timeout: { type: 'string' },
  'run-timeout': { type: 'string' },
  'max-steps': { type: 'string' },
  'max-workflow-depth': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies CommandOptions;

export async function mcpCommand({ values, positionals }: ParsedCommandLine<typeof mcpOptions>, context: CommandContext): Promise<number> {
  const { requestMs, limits } = readRunLimits('mcp', values);
  const http = httpSettings(values, context);
  const servers = parseAssignments('server', values.server);
  const sourceOverrides = parseAssignments('source', values.source);
  const tls = await readTlsOptions('mcp', values, context);
  // DECISIONS D75, D78: the same credentials and environment as loom run, for every tool call.
  const { credentials, environment } = await readCredentialOptions(values, context, 'mcp');

  // stdin is the protocol's channel over stdio: `-` is a file name here, never stdin.
  const files = await expandFileArguments('mcp', positionals, context.cwd);
  const reading = { sourceOverrides, ...documentAccess('mcp', values), ...(requestMs !== undefined ? { timeoutMs: requestMs } : {}), ...(tls ? { tls } : {}) };
  const documents: ExposableDocument[] = [];
  for (const argument of files) {
    const file = argument.kind === 'path' ? argument.path : argument.name;
    const document = await loadModelForCommand(file, context, reading, { command: 'mcp', warningsCommand: 'lint' });
    if (document) documents.push({ file, loaded: document.loaded, model: document.model, workflows: [...document.model.workflows.values()] });
  }
  const chosen = chooseWorkflows(documents, values.workflow);
  if (chosen.every((document) => document.workflows.length === 0)) {
    context.stderr.write('loom: mcp: no workflow to serve; nothing was started\n');
    return 2;
  }

  const settings: ToolRunSettings = {
    servers,
    ...limits,
    ...(tls ? { tls } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    credentialEnvironment: environment,
  };
  // DECISIONS D109, D60: inputs the server gives, and credentials it holds, are never asked of the agent.
  checkServerInputsUsed(values['input-env'], chosen);
  const credentialInputs = new Map(chosen.map((document) => [document, readCredentialInputs(document.model, settings)]));
  const tools = workflowTools(chosen, (document, workflow) => ({
    inputs: readServerInputs(values['input-env'], environment, workflow),
    credentialInputs: credentialInputs.get(document)?.get(workflow.workflowId) ?? [],
  }));
  const options = { tools, settings, version: cliVersion() };
  const controller = new AbortController();
  const stopListening = context.onStopSignal(() => controller.abort());
  try {
    // The SDK is loaded only here (dynamic imports: chunks of their own in the bundle), so no other command pays for it.
    if (http) {
      const { serveHttp } = await import('../mcp/http.js');
      await serveHttp(
        options,
        { ...http, onListening: (url) => context.stderr.write(`loom mcp: ${tools.length} tool${tools.length === 1 ? '' : 's'} at ${url}\n`) },
        controller.signal,
      ).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          throw new UsageError(`mcp: cannot listen on ${http.host}:${http.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : 'no such address here'}`);
        }
        throw error;
      });
    } else {
      const { serveStdio } = await import('../mcp/stdio.js');
      await serveStdio(options, { stdin: context.stdin, stdout: context.stdout }, controller.signal);
    }
  } finally {
    stopListening();
  }
  return 0;
}

/** DECISIONS D82: `--workflow` limits what is exposed; an id no document has is a mistake in the command line. */
function chooseWorkflows(documents: readonly ExposableDocument[], ids: readonly string[] | undefined): ExposableDocument[] {
  if (ids === undefined) return [...documents];
  const known = new Set(documents.flatMap((document) => document.workflows.map((workflow) => workflow.workflowId)));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(`mcp: --workflow ${escapeControlCharacters(unknown.join(', '))}: no such workflow; the documents have: ${[...known].join(', ') || 'none'}`);
  }
  const wanted = new Set(ids);
  return documents.map((document) => ({ ...document, workflows: document.workflows.filter((workflow) => wanted.has(workflow.workflowId)) }));
}

/** DECISIONS D109: an --input-env no exposed workflow declares would be given to none: a mistake in the command line. */
function checkServerInputsUsed(assignments: readonly string[] | undefined, documents: readonly ExposableDocument[]): void {
  const declared = new Set(documents.flatMap((document) => document.workflows.flatMap((workflow) => [...declaredInputs(workflow.inputsSchema)])));
  const unused = Object.keys(parseAssignments('input-env', assignments)).filter((name) => !declared.has(name));
  if (unused.length > 0) throw new UsageError(`mcp: --input-env ${escapeControlCharacters(unused.join(', '))}: no exposed workflow has such an input`);
}

interface HttpSettings {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
}

/** DECISIONS D82: loopback by default; any other address only with a bearer token. */
function httpSettings(values: { readonly http?: string; readonly host?: string; readonly 'token-env'?: string }, context: CommandContext): HttpSettings | undefined {
  if (values.http === undefined) {
    if (values.host !== undefined || values['token-env'] !== undefined) throw new UsageError('mcp: --host and --token-env go with --http <port>');
    return undefined;
  }
  const port = Number(values.http);
  if (!/^\d+$/.test(values.http) || port > 65535) throw new UsageError(`mcp: --http must be a port number from 0 to 65535, got '${values.http}'`);
  const host = values.host ?? '127.0.0.1';
  let token: string | undefined;
  const variable = values['token-env'];
  if (variable !== undefined) {
    token = context.env[variable];
    if (token === undefined || token.trim() === '') throw new UsageError(`mcp: --token-env ${variable}: the environment variable is not set`);
  }
  if (!isLoopback(host) && token === undefined) {
    throw new UsageError(`mcp: --host ${host} serves beyond this machine and needs a bearer token: --token-env <VAR>`);
  }
  return { host, port, ...(token !== undefined ? { token } : {}) };
}
