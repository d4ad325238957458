import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isRecord, parsePointer } from '@loom/expressions/internal';
import { createSchemaCompiler, DOCUMENT_SCHEMA_OPTIONS, type SchemaCompiler } from '../json-schema/schema-compiler.js';
import { compileSimpleSchema, isSimpleSchema } from '../json-schema/simple-schema.js';
import type { JsonSchema } from '../model/arazzo.js';

/** A workflow's inputs schema compiled once: validates, applies defaults, names the input that is wrong. */
export interface InputsValidator {
  /** Returns a new inputs object with defaults applied (the caller's object is never changed), or the problems found. */
  (inputs: unknown): { ok: true; inputs: Record<string, unknown> } | { ok: false; problems: string[] };
}

/** ajv's 2020-12 compiler and ajv-formats, loaded once per process; instances are made per document. */
let compilerModule: { readonly Ajv: typeof Ajv2020; readonly addFormats: (instance: Ajv2020) => Ajv2020 } | undefined;

/**
 * Loads ajv's compiler (a large module: ~100 ms of a cold start) the first time a run needs
 * it, so that loading, validating, linting or listing a document never pays for it.
 */
export async function loadInputsCompiler(): Promise<void> {
  if (compilerModule) return;
  const [{ Ajv2020: Ajv }, formats] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]);
  // ajv-formats is CommonJS; its default import is the plugin function.
  compilerModule ??= { Ajv, addFormats: formats.default as unknown as (instance: Ajv2020) => Ajv2020 };
}

/**
 * Whether checking inputs against `schema` needs ajv's compiler (loadInputsCompiler): not for no
 * schema, nor for one json-schema/simple-schema.ts checks as ajv would (most inputs schemas).
 */
export function needsInputsCompiler(schema: JsonSchema | undefined): boolean {
  return schema !== undefined && !isSimpleSchema(schema);
}

/** True once loadInputsCompiler() has finished: a run then skips awaiting it (one tick less per run). */
export function isInputsCompilerLoaded(): boolean {
  return compilerModule !== undefined;
}

/**
 * The compiler of one document's inputs schemas: its ajv instance is made on the first compile
 * (after loadInputsCompiler) and lives as long as the compiled document.
 */
export function createInputsSchemaCompiler(): SchemaCompiler {
  return createSchemaCompiler(() => {
    if (!compilerModule) throw new Error('loadInputsCompiler() must finish before inputs are validated');
    // DECISIONS D14: defaults from the inputs schema are applied before validation.
    return compilerModule.addFormats(new compilerModule.Ajv({ ...DOCUMENT_SCHEMA_OPTIONS, useDefaults: true }));
  });
}

export function compileInputsValidator(schema: JsonSchema | undefined, compiler: SchemaCompiler): InputsValidator {
  if (schema === undefined) {
    return (inputs) =>
      inputs === undefined || isRecord(inputs)
        ? { ok: true, inputs: { ...(inputs as Record<string, unknown> | undefined) } }
        : { ok: false, problems: ['inputs must be an object'] };
  }
  // Compiled on first use; a schema with no `default` anywhere cannot change the inputs, so
  // they need only a shallow copy instead of a deep one (the caller's object is never changed).
  let validate: { (data: unknown): boolean; errors?: ErrorObject[] | null } | undefined = isSimpleSchema(schema) ? compileSimpleSchema(schema) : undefined;
  let unusable: string | undefined;
  const appliesDefaults = JSON.stringify(schema).includes('"default"');
  return (inputs) => {
    if (validate === undefined && unusable === undefined) {
      try {
        validate = compiler.compile(schema as object);
      } catch (error) {
        // A schema the meta-schema accepts but ajv cannot compile (an invalid `pattern`, a `$ref` to
        // nothing): the workflow cannot check its inputs, which is reported as its inputs' problem.
        unusable = `the inputs schema cannot be used: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (validate === undefined) return { ok: false, problems: [unusable!] };
    const copy: unknown = inputs === undefined ? {} : appliesDefaults ? structuredClone(inputs) : isRecord(inputs) ? { ...inputs } : inputs;
    if (validate(copy)) return { ok: true, inputs: copy as Record<string, unknown> };
    return { ok: false, problems: (validate.errors ?? []).map(describeInputProblem) };
  };
}

/** "input meterValue must be number", "input apiKey is required": the input's name first. */
export function describeInputProblem(error: ErrorObject): string {
  const path = parsePointer(error.instancePath) ?? [];
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return `input ${[...path, missing].join('.')} is required`;
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const extra = String((error.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (error.params as { unevaluatedProperty?: string }).unevaluatedProperty);
    return `input ${[...path, extra].join('.')} is not allowed by the workflow's inputs schema`;
  }
  const subject = path.length === 0 ? 'inputs' : `input ${path.join('.')}`;
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ');
    return `${subject} must be one of ${allowed}`;
  }
  return `${subject} ${error.message ?? 'is invalid'}`;
}
