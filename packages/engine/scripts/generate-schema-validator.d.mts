export declare const SCHEMA_FILE: URL;
export declare const OUTPUT_FILE: URL;
/** The text of src/validate/arazzo-schema-validator.generated.ts for `schema`. */
export declare function generateSchemaValidatorSource(schema: Record<string, unknown>): string;
