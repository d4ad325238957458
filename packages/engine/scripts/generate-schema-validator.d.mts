export declare const SCHEMA_FILE: URL;
export declare const OUTPUT_FILE: URL;
/** The Arazzo schema as specs/arazzo-1.0.schema.json holds it. */
export declare function readArazzoSchema(): Record<string, unknown>;
/** The text of src/validate/arazzo-schema-validator.generated.ts for `schema`. */
export declare function generateSchemaValidatorSource(schema: Record<string, unknown>): string;
