import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { LoomError } from '../errors.js';
import * as arazzo10 from './arazzo-schema-validator.generated.js';

/** The Arazzo versions Loom reads, by major.minor (a document's `arazzo: 1.1.0` is version '1.1'). */
export type ArazzoVersion = '1.0' | '1.1';

/**
 * An Arazzo JSON Schema (draft 2020-12) as a validator: 1.0 (DECISIONS D23) or 1.1
 * (DECISIONS D71), each corrected where it contradicts its spec text.
 * The validators are ajv code generated at build time
 * (scripts/generate-schema-validator.mjs): compiling the schema when a process
 * starts took 200-300 ms and loaded ajv and ajv-formats, which `loom validate`
 * and `loom run` then paid on every start.
 */
export interface CompiledArazzoSchema {
  readonly version: ArazzoVersion;
  readonly validate: ValidateFunction;
  /** The schema the validator was generated from; error `schema` / `parentSchema` values are objects inside it. */
  readonly schema: Record<string, unknown>;
  /** Every sub-schema object of the schema -> the name of the `$defs` entry that holds it. */
  readonly definitionOf: ReadonlyMap<object, string>;
}

interface GeneratedValidator {
  readonly validateArazzoSchema: ValidateFunction;
  readonly arazzoSchemaRoot: Record<string, unknown>;
}

/** 1.0's validator is part of every start; 1.1's (about 200 kB) is loaded when a 1.1 document is met. */
const generated = new Map<ArazzoVersion, GeneratedValidator>([['1.0', arazzo10]]);
const compiled = new Map<ArazzoVersion, CompiledArazzoSchema>();

/** Loads the validator of `version` if it is not loaded yet; the loader calls it before validating a document of that version. */
export async function loadArazzoSchemaValidator(version: ArazzoVersion): Promise<void> {
  if (generated.has(version)) return;
  generated.set(version, await import('./arazzo-1.1-schema-validator.generated.js'));
}

function generatedValidator(version: ArazzoVersion): GeneratedValidator {
  const validator = generated.get(version);
  if (validator === undefined) throw new LoomError('LOOM_ERR_USAGE', `the Arazzo ${version} schema validator is not loaded: await loadArazzoSchemaValidator('${version}') first`);
  return validator;
}

export function compiledArazzoSchema(version: ArazzoVersion = '1.0'): CompiledArazzoSchema {
  let entry = compiled.get(version);
  if (entry === undefined) {
    const { validateArazzoSchema, arazzoSchemaRoot } = generatedValidator(version);
    entry = { version, validate: validateArazzoSchema, schema: arazzoSchemaRoot, definitionOf: indexDefinitions(arazzoSchemaRoot) };
    compiled.set(version, entry);
  }
  return entry;
}

/** Runs the schema of `version`; the raw ajv errors (empty when valid). */
export function runArazzoSchema(data: unknown, version: ArazzoVersion = '1.0'): readonly ErrorObject[] {
  const validate = generatedValidator(version).validateArazzoSchema;
  return validate(data) ? [] : [...(validate.errors ?? [])];
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
