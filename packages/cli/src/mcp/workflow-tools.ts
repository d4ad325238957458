import { isLoomError, run, type LoadedDocument, type ResolvedWorkflow, type RunEvent, type RunOptions, type RunResult } from '@loom/engine';
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
  /** The workflow's inputs schema (`$ref`s into components inlined); an empty object schema when it takes none. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly document: LoadedDocument;
  readonly workflow: ResolvedWorkflow;
}

/** A document loaded for `loom mcp`, with the workflows it may expose. */
export interface ExposableDocument {
  readonly file: string;
  readonly loaded: LoadedDocument;
  readonly workflows: readonly ResolvedWorkflow[];
}

/** The tools of `documents`, in document then workflow order. */
export function workflowTools(documents: readonly ExposableDocument[]): WorkflowTool[] {
  const entries = documents.flatMap((document) => document.workflows.map((workflow) => ({ document, workflow })));
  const names = deriveToolNames(entries.map(({ document, workflow }) => ({ file: document.file, workflowId: workflow.workflowId })));
  return entries.map(({ document, workflow }, index) => ({
    name: names[index]!,
    workflowId: workflow.workflowId,
    file: document.file,
    description: describeWorkflow(workflow, document.file),
    inputSchema: inputSchemaOf(workflow),
    document: document.loaded,
    workflow,
  }));
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
export type ToolRunSettings = Pick<RunOptions, 'servers' | 'maxSteps' | 'maxWorkflowDepth' | 'timeouts' | 'tls'>;

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
      inputs: args,
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
