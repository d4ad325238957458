import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { arazzoSchema } from './arazzo-schema.js';

/**
 * The Arazzo 1.0 JSON Schema (draft 2020-12), compiled once per process on first
 * use (ajv compiles to code; doing it per document would dominate validation time).
 */
export interface CompiledArazzoSchema {
  readonly validate: ValidateFunction;
  readonly schema: Record<string, unknown>;
  /** Every sub-schema object of the schema -> the name of the `$defs` entry that holds it. */
  readonly definitionOf: ReadonlyMap<object, string>;
}

let compiled: CompiledArazzoSchema | undefined;

export function compiledArazzoSchema(): CompiledArazzoSchema {
  if (compiled) return compiled;
  // `verbose` puts the failing sub-schema on each error, which is how the error
  // collapsing (schema-errors.ts) tells the branches of a `oneOf` apart.
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const schema = arazzoSchema;
  compiled = { validate: ajv.compile(schema), schema, definitionOf: indexDefinitions(schema) };
  return compiled;
}

/** Runs the schema; the raw ajv errors (empty when valid). */
export function runArazzoSchema(data: unknown): readonly ErrorObject[] {
  const { validate } = compiledArazzoSchema();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

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
