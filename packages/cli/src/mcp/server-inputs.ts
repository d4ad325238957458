import type { ResolvedWorkflow } from '@loom/engine';
import { isRecord, writeOwn } from '@loom/expressions/internal';
import { readInputEnvironment, type CredentialSettings } from '../credential-options.js';

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

/** The names of the top-level inputs a workflow declares. */
export function declaredInputs(inputsSchema: unknown): Set<string> {
  const properties = isRecord(inputsSchema) ? inputsSchema['properties'] : undefined;
  return new Set(isRecord(properties) ? Object.keys(properties) : []);
}

/** The tool's input schema without the inputs the server gives: neither a property nor required. */
export function withoutServerInputs(schema: Readonly<Record<string, unknown>>, given: readonly string[]): Readonly<Record<string, unknown>> {
  if (given.length === 0) return schema;
  const omit = new Set(given);
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const kept: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) if (!omit.has(name)) writeOwn(kept, name, property);
  const required = Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name !== 'string' || !omit.has(name)) : undefined;
  const { required: _required, ...rest } = schema;
  return { ...rest, properties: kept, ...(required !== undefined && required.length > 0 ? { required } : {}) };
}
