import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { arazzoSchemaRoot, validateArazzoSchema } from './arazzo-schema-validator.generated.js';

/**
 * The Arazzo 1.0 JSON Schema (draft 2020-12, DECISIONS D23) as a validator.
 * The validator is ajv code generated at build time
 * (scripts/generate-schema-validator.mjs): compiling the schema when a process
 * starts took 200-300 ms and loaded ajv and ajv-formats, which `loom validate`
 * and `loom run` then paid on every start.
 */
export interface CompiledArazzoSchema {
  readonly validate: ValidateFunction;
  /** The schema the validator was generated from; error `schema` / `parentSchema` values are objects inside it. */
  readonly schema: Record<string, unknown>;
  /** Every sub-schema object of the schema -> the name of the `$defs` entry that holds it. */
  readonly definitionOf: ReadonlyMap<object, string>;
}

let compiled: CompiledArazzoSchema | undefined;

export function compiledArazzoSchema(): CompiledArazzoSchema {
  compiled ??= { validate: validateArazzoSchema, schema: arazzoSchemaRoot, definitionOf: indexDefinitions(arazzoSchemaRoot) };
  return compiled;
}

/** Runs the schema; the raw ajv errors (empty when valid). */
export function runArazzoSchema(data: unknown): readonly ErrorObject[] {
  return validateArazzoSchema(data) ? [] : [...(validateArazzoSchema.errors ?? [])];
}

function indexDefinitions(schema: Record<string, unknown>): Map<object, string> {
  const index = new Map<object, string>();
  const definitions = schema['$defs'] as Record<string, unknown> | undefined;
  const visit = (node: unknown, name: string): void => {
    if (node === null || typeof node !== 'object' || index.has(node)) return;
    index.set(node, name);
    for (const child of Object.values(node)) visit(child, name);
  };
  for (const [name, definition] of Object.entries(definitions ?? {})) visit(definition, name);
  return index;
}
