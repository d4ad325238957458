import { describeCredentialInputs, type ResolvedDocument, type ResolvedWorkflow } from '@loom/engine';
import { withoutInputs } from '@loom/engine/internal';
import { isRecord, writeOwn } from '@loom/expressions/internal';
import { readInputEnvironment, type CredentialSettings } from '../credential-options.js';
import type { ToolRunSettings } from './workflow-tools.js';

/**
 * DECISIONS D109: the inputs `loom mcp` gives a workflow itself (`--input-env`), so that the agent is never
 * asked for them: each goes to every exposed workflow whose inputs schema declares it, read as `loom run` reads it.
 */
export function readServerInputs(assignments: readonly string[] | undefined, environment: CredentialSettings['environment'], workflow: ResolvedWorkflow): Record<string, unknown> {
  if (assignments === undefined || assignments.length === 0) return {};
  const declared = declaredInputs(workflow.inputsSchema);
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(readInputEnvironment(assignments, environment, workflow.inputsSchema, 'mcp'))) {
    if (declared.has(name)) writeOwn(given, name, value);
  }
  return given;
}

/**
 * DECISIONS D60: per workflow of `document`, the inputs that carry nothing but credentials the server holds
 * (its `--credentials` file and `LOOM_*` variables, looked up as `loom run` looks them up): the agent is not
 * asked for them, and each call leaves them to those credentials.
 */
export function readCredentialInputs(document: ResolvedDocument, settings: Pick<ToolRunSettings, 'credentials' | 'credentialEnvironment'>): Map<string, string[]> {
  const described = describeCredentialInputs(document, {
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    ...(settings.credentialEnvironment !== undefined ? { credentialEnvironment: settings.credentialEnvironment } : {}),
  });
  return new Map(described.map((workflow) => [workflow.workflowId, workflow.inputs.filter((input) => input.held).map((input) => input.name)]));
}

/** The names of the top-level inputs a workflow declares. */
export function declaredInputs(inputsSchema: unknown): Set<string> {
  const properties = isRecord(inputsSchema) ? inputsSchema['properties'] : undefined;
  return new Set(isRecord(properties) ? Object.keys(properties) : []);
}

/** The tool's input schema without the inputs the server gives (D109) or leaves to its credentials (D60): neither a property nor required. */
export function withoutServerInputs(schema: Readonly<Record<string, unknown>>, given: readonly string[]): Readonly<Record<string, unknown>> {
  return withoutInputs(schema, given) as Readonly<Record<string, unknown>>;
}
