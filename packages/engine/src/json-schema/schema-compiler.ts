import type { ValidateFunction } from 'ajv';

/**
 * ajv options for the schemas documents bring (workflow inputs, request bodies): every error;
 * strict off (real schemas carry keywords ajv does not know); formats checked. validateSchema: false —
 * loading already checked inputs schemas against the 2020-12 meta-schema, and a request body's
 * schema is the OpenAPI file's business. addUsedSchema: false — a schema's `$id` is not registered
 * on the instance, so schemas sharing a component with a `$id` do not collide. logger: false — an
 * unknown format (Discord's `snowflake`) is ignored without a console line outside every reporter.
 */
export const DOCUMENT_SCHEMA_OPTIONS = { allErrors: true, strict: false, validateFormats: true, validateSchema: false, addUsedSchema: false, logger: false } as const;

/** What a SchemaCompiler needs of an ajv instance (draft-07 and 2020-12 alike). */
export interface SchemaCompilerInstance {
  compile(schema: object): ValidateFunction;
}

/**
 * Compiles JSON Schemas for one owner (a compiled document, one lint run). ajv keeps every schema
 * it compiled, by `$id`, for as long as the instance lives; an instance per process would hold
 * every document ever loaded and refuse a reloaded document's `$id` ("already exists"). Here the
 * instance belongs to the owner and goes with it, and it is made on the first compile only.
 */
export interface SchemaCompiler {
  /** @throws whatever ajv throws for a schema it cannot compile (other than a `$id` collision). */
  compile(schema: object): ValidateFunction;
}

export function createSchemaCompiler(createInstance: () => SchemaCompilerInstance): SchemaCompiler {
  let shared: SchemaCompilerInstance | undefined;
  return {
    compile(schema) {
      shared ??= createInstance();
      try {
        return shared.compile(schema);
      } catch (error) {
        if (!isIdCollision(error)) throw error;
        // Two schemas of one owner claim the same `$id` with different content (two operations'
        // bodies, a component inlined into several workflows): each stands alone, so this one
        // gets an instance of its own.
        return createInstance().compile(schema);
      }
    },
  };
}

/** ajv's messages for a `$id` it already holds (ajv 8: core.ts `_checkUnique`, resolve.ts `ambiguos`). */
function isIdCollision(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /^schema with key or id ".*" already exists$/.test(message) || /^reference ".*" resolves to more than one schema$/.test(message);
}
