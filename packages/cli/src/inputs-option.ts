import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoomError, type RunOptions } from '@loom/engine';
import { MAX_DOCUMENT_BYTES, readResource } from '@loom/engine/internal';
import type { CommandContext } from './command.js';
import { readStdin } from './stdin.js';
import { UsageError } from './usage-error.js';

/** `--inputs <file.json|->`: a JSON object from a file or stdin, read with the engine's caps (DECISIONS D25). */
export async function readInputsOption(command: string, option: string | undefined, context: CommandContext): Promise<Record<string, unknown>> {
  if (option === undefined) return {};
  let text: string;
  try {
    text = option === '-' ? await readStdin(context.stdin, MAX_DOCUMENT_BYTES, `${command}: --inputs -`) : (await readResource(pathToFileURL(resolve(context.cwd, option)).href)).text;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (isLoomError(error)) throw new UsageError(`${command}: --inputs: ${error.message}`);
    throw new UsageError(`${command}: cannot read --inputs ${option}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${command}: --inputs ${option} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${command}: --inputs ${option} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** A `--<flag> <n>` that must be a positive whole number. */
export function positiveIntegerOption(command: string, flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${command}: --${flag} must be a positive whole number, got '${text}'`);
  return value;
}

/** The run limits `loom run` and `loom mcp` take on their command lines, as their values arrive. */
interface RunLimitValues {
  readonly timeout?: string | undefined;
  readonly 'run-timeout'?: string | undefined;
  readonly 'max-steps'?: string | undefined;
  readonly 'max-workflow-depth'?: string | undefined;
}

/**
 * `--timeout`, `--run-timeout`, `--max-steps`, `--max-workflow-depth` as the engine's run options; `requestMs` too,
 * since the request timeout also bounds reading the documents.
 */
export function readRunLimits(command: string, values: RunLimitValues): { readonly requestMs: number | undefined; readonly limits: Pick<RunOptions, 'maxSteps' | 'maxWorkflowDepth' | 'timeouts'> } {
  const requestMs = positiveIntegerOption(command, 'timeout', values.timeout);
  const runMs = positiveIntegerOption(command, 'run-timeout', values['run-timeout']);
  const maxSteps = positiveIntegerOption(command, 'max-steps', values['max-steps']);
  const maxWorkflowDepth = positiveIntegerOption(command, 'max-workflow-depth', values['max-workflow-depth']);
  return {
    requestMs,
    limits: {
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      ...(maxWorkflowDepth !== undefined ? { maxWorkflowDepth } : {}),
      timeouts: { ...(requestMs !== undefined ? { requestMs } : {}), ...(runMs !== undefined ? { runMs } : {}) },
    },
  };
}
