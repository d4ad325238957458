/** The Arazzo versions Loom reads. */
export type ArazzoSchemaVersion = '1.0' | '1.1';
/** Each version's schema file (specs/) and generated validator module (src/validate/). */
export declare const SCHEMA_VERSIONS: Record<ArazzoSchemaVersion, { readonly schemaFile: URL; readonly outputFile: URL; readonly decision: string }>;
export declare const SCHEMA_FILE: URL;
export declare const OUTPUT_FILE: URL;
/** The Arazzo schema of `version` (default 1.0) as specs/arazzo-<version>.schema.json holds it. */
export declare function readArazzoSchema(version?: ArazzoSchemaVersion): Record<string, unknown>;
/** The text of the generated validator module for `schema` of `version` (default 1.0). */
export declare function generateSchemaValidatorSource(schema: Record<string, unknown>, version?: ArazzoSchemaVersion): string;
export declare const ADDITIONS_FILE: URL;
/** The text of src/validate/arazzo-1.1-additions.generated.ts for the 1.0 and 1.1 schemas. */
export declare function generateAdditionsSource(before: Record<string, unknown>, after: Record<string, unknown>): string;
