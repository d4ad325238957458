import { isLoomError, run, type LoadedDocument, type ResolvedDocument, type ResolvedWorkflow, type RunEvent, type RunOptions, type RunResult } from '@loom/engine';
import { withoutServerInputs } from './server-inputs.js';
import { deriveToolNames } from './tool-names.js';

/**
 * The workflows `loom mcp` exposes, as MCP tools: what `tools/list` shows and what `tools/call` runs.
 * Nothing here knows the MCP SDK; server.ts turns these into protocol messages.
 */

/** One workflow of one document, as a tool. */
export interface WorkflowTool {
  /** DECISIONS D81. */
  readonly name: string;
  readonly workflowId: string;
  readonly file: string;
  readonly description: string;
  /**
   * The workflow's inputs schema (`$ref`s into components inlined) less the inputs the server gives
   * (DECISIONS D109); an empty object schema when it takes none.
   */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** DECISIONS D109: inputs the server gives every call (`--input-env`); they win over the agent's arguments. */
  readonly serverInputs: Readonly<Record<string, unknown>>;
  /**
   * DECISIONS D60: inputs that carry nothing but credentials the server holds: not asked of the agent, and
   * left to those credentials on every call (`inputsFromCredentials`) whatever the agent sends.
   */
  readonly credentialInputs: readonly string[];
  readonly document: LoadedDocument;
  readonly workflow: ResolvedWorkflow;
}

/** A document loaded for `loom mcp`, with the workflows it may expose. */
export interface ExposableDocument {
  readonly file: string;
  readonly loaded: LoadedDocument;
  readonly model: ResolvedDocument;
  readonly workflows: readonly ResolvedWorkflow[];
}

/** What the server gives a workflow's calls: inputs (D109), and the inputs it leaves to its credentials (D60). */
export interface ServerGiven {
  readonly inputs: Record<string, unknown>;
  readonly credentialInputs: readonly string[];
}

/** The tools of `documents`, in document then workflow order; `givenTo` says what the server gives each workflow. */
export function workflowTools(
  documents: readonly ExposableDocument[],
  givenTo: (document: ExposableDocument, workflow: ResolvedWorkflow) => ServerGiven = () => ({ inputs: {}, credentialInputs: [] }),
): WorkflowTool[] {
  const entries = documents.flatMap((document) => document.workflows.map((workflow) => ({ document, workflow })));
  const names = deriveToolNames(entries.map(({ document, workflow }) => ({ file: document.file, workflowId: workflow.workflowId })));
  return entries.map(({ document, workflow }, index) => {
    const given = givenTo(document, workflow);
    const serverInputs = given.inputs;
    // An input the server gives with --input-env is that value (D109), not left to the credentials.
    const credentialInputs = given.credentialInputs.filter((name) => !Object.prototype.hasOwnProperty.call(serverInputs, name));
    return {
      name: names[index]!,
      workflowId: workflow.workflowId,
      file: document.file,
      description: describeWorkflow(workflow, document.file),
      inputSchema: withoutServerInputs(inputSchemaOf(workflow), [...Object.keys(serverInputs), ...credentialInputs]),
      serverInputs,
      credentialInputs,
      document: document.loaded,
      workflow,
    };
  });
}

function describeWorkflow(workflow: ResolvedWorkflow, file: string): string {
  const { summary, description } = workflow.definition;
  const parts = [summary, description].filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : `Runs the Arazzo workflow ${workflow.workflowId} of ${file}.`;
}

/** MCP requires an object schema for a tool's input (a workflow without inputs takes none). */
function inputSchemaOf(workflow: ResolvedWorkflow): Readonly<Record<string, unknown>> {
  const schema = workflow.inputsSchema as Record<string, unknown> | boolean | undefined;
  if (schema === undefined || typeof schema === 'boolean') return { type: 'object', properties: {} };
  return schema.type === undefined ? { type: 'object', ...schema } : schema;
}

/** What a tool call returns, in MCP's CallToolResult shape. */
export interface ToolCallResult {
  readonly content: { type: 'text'; text: string }[];
  readonly structuredContent?: Record<string, unknown>;
  readonly isError?: boolean;
  readonly [key: string]: unknown;
}

/** How a call reports its steps (MCP progress notifications) and is cancelled. */
export interface ToolCallControl {
  readonly signal: AbortSignal;
  /** Called after each step attempt ends; `done` counts them. */
  readonly onStep?: (done: number, message: string) => void;
}

/** Run settings shared by every call (the command line's limits; DECISIONS D82: masking is always on). */
export type ToolRunSettings = Pick<RunOptions, 'servers' | 'maxSteps' | 'maxWorkflowDepth' | 'timeouts' | 'tls' | 'credentials' | 'credentialEnvironment'>;

/**
 * Runs the tool's workflow with `args` as its inputs. The run's result is masked (DECISIONS D21, D82):
 * no secret input reaches the agent in outputs, reasons or errors.
 */
export async function callWorkflowTool(tool: WorkflowTool, args: Record<string, unknown>, settings: ToolRunSettings, control: ToolCallControl): Promise<ToolCallResult> {
  let stepsDone = 0;
  const onStep = control.onStep;
  let result: RunResult;
  try {
    result = await run(tool.document, {
      ...settings,
      workflowId: tool.workflowId,
      // DECISIONS D109: the server's inputs win; the agent cannot replace a credential it was not asked for.
      inputs: { ...args, ...tool.serverInputs },
      // DECISIONS D60: the server's credentials, never an agent's value, for the inputs that carry them.
      ...(tool.credentialInputs.length > 0 ? { inputsFromCredentials: tool.credentialInputs } : {}),
      signal: control.signal,
      maskSecrets: true,
      maskEvents: true,
      ...(onStep
        ? {
            onEvent: (event: RunEvent) => {
              if (event.type !== 'step.end') return;
              stepsDone += 1;
              onStep(stepsDone, event.status === 'success' ? `step ${event.stepId} succeeded` : `step ${event.stepId} failed`);
            },
          }
        : {}),
    });
  } catch (error) {
    // Nothing ran: unknown inputs, blocked by errors. The engine's message names no input value.
    if (isLoomError(error)) return errorResult(error.message, { status: 'not-run', error: { message: error.message } });
    throw error;
  }
  if (result.status === 'success') {
    return { content: [{ type: 'text', text: JSON.stringify(result.outputs, null, 2) }], structuredContent: { ...result.outputs } };
  }
  const stepId = result.error?.stepId;
  const message = result.error?.message ?? 'the workflow failed';
  const text = stepId !== undefined ? `step ${stepId} failed: ${message}` : message;
  return errorResult(text, { status: 'failure', error: { ...(stepId !== undefined ? { stepId } : {}), message }, outputs: result.outputs });
}

function errorResult(text: string, structured: Record<string, unknown>): ToolCallResult {
  return { content: [{ type: 'text', text }], structuredContent: structured, isError: true };
}
