import { escapePointerSegment, isRecord, parsePointer, type ClassifiedString, type PathSegment } from '@loom/expressions/internal';
import { expressionsOf } from '../model/document-expressions.js';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../document/parse-text.js';
import { expandedSize } from '../sources/expanded-size.js';
import type { OpenApiOperation } from '../sources/types.js';
import { createSchemaCompiler, DOCUMENT_SCHEMA_OPTIONS } from '../json-schema/schema-compiler.js';

import { lintSteps, type LintInput } from './lint-input.js';

// ajv's compiler is large; it is required (synchronously: ajv is CommonJS) only when a lint
// actually checks a request body, so importing @loom/engine never loads it.
const require = createRequire(import.meta.url);
const addFormats = <T>(ajv: T): T => (require('ajv-formats') as (instance: T) => T)(ajv);

/**
 * ajv compiles a schema as the tree it expands to: a resolved schema that shares subtrees can
 * expand exponentially (see expandedSize) and hang lint. Past this many nodes the check is skipped.
 */
const MAX_SCHEMA_NODES = 100_000;

/**
 * The compilers of one lint run: an ajv instance per dialect, made on first use and dropped with
 * the run, so schemas of earlier documents (a `$id` used again after an edit) cannot collide.
 * OpenAPI 3.0 schemas are a draft-04/07 dialect (ajv knows `nullable`); 3.1 uses JSON Schema 2020-12.
 */
function createBodySchemaCompilers(): (openapiVersion: string, schema: object) => ValidateFunction | undefined {
  const draft2020 = createSchemaCompiler(() => {
    const { Ajv2020: Draft2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    return addFormats<Ajv2020>(new Draft2020(DOCUMENT_SCHEMA_OPTIONS));
  });
  const draft7 = createSchemaCompiler(() => {
    const { Ajv: Draft7 } = require('ajv') as typeof import('ajv');
    return addFormats<Ajv>(new Draft7(DOCUMENT_SCHEMA_OPTIONS));
  });
  // Per schema object: an operation used by several steps is compiled once per run.
  const compiled = new Map<object, ValidateFunction | null>();
  return (openapiVersion, schema) => {
    if (!compiled.has(schema) && expandedSize(schema) > MAX_SCHEMA_NODES) compiled.set(schema, null);
    if (!compiled.has(schema)) {
      try {
        compiled.set(schema, (openapiVersion.startsWith('3.1') ? draft2020 : draft7).compile(schema));
      } catch {
        // A schema ajv cannot compile (a cyclic `$ref` left in place, a draft-04 boolean
        // `exclusiveMaximum`) is not the Arazzo author's problem: the check is skipped.
        compiled.set(schema, null);
      }
    }
    return compiled.get(schema) ?? undefined;
  };
}

/** DECISIONS D19: JSON and URL-encoded form bodies are built from the payload's structure. */
function isStructuredMediaType(mediaType: string): boolean {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json') || type === 'application/x-www-form-urlencoded';
}

/**
 * Lint (`request-body-schema`): a step's `requestBody.payload` checked against the
 * operation's request body schema with ajv. Only what is known before a run is
 * judged: values that are runtime expressions or templates, and `replacements`
 * targets, are filled in at run time (D19), so problems at or below them are not reported.
 * Runs on any document: a step whose operation did not resolve is skipped.
 */
export function checkRequestBodySchemas(input: LintInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const compile = createBodySchemaCompilers();
  for (const step of lintSteps(input)) {
    const operation = step.operation;
    const requestBody = step.step.value['requestBody'];
    if (!operation || !isRecord(requestBody)) continue;
    const payload = requestBody['payload'];
    if (payload === null || typeof payload !== 'object') continue;
    const contentType = typeof requestBody['contentType'] === 'string' ? requestBody['contentType'] : undefined;
    const schema = requestBodySchema(operation, contentType);
    const source = input.openApiSources.get(operation.sourceName);
    if (!schema || !source) continue;
    const validate = compile(source.openapi, schema);
    if (!validate || validate(payload)) continue;
    const dynamic = dynamicPointers(expressionsOf(input.parsed.data).classify, payload, '');
    const replacements = requestBody['replacements'];
    for (const replacement of Array.isArray(replacements) ? replacements : []) {
      const target = isRecord(replacement) ? replacement['target'] : undefined;
      if (typeof target === 'string' && target.startsWith('/')) dynamic.push(target);
    }
    const payloadPath: PathSegment[] = [...step.step.path, 'requestBody', 'payload'];
    for (const error of validate.errors ?? []) {
      if (touchesDynamicValue(error, dynamic)) continue;
      const where = error.instancePath === '' ? 'the payload' : `payload ${error.instancePath}`;
      diagnostics.push(
        diagnosticAt(input.parsed, [...payloadPath, ...(parsePointer(error.instancePath) ?? [])], {
          code: 'request-body-schema',
          severity: 'warning',
          message: `${where} ${describeError(error)} (request body schema of operation ${operation.operationId ?? operation.path})`,
        }),
      );
    }
  }
  return diagnostics;
}

function requestBodySchema(operation: OpenApiOperation, contentType: string | undefined): object | undefined {
  const content = operation.requestBody?.['content'];
  if (!content || typeof content !== 'object') return undefined;
  const entries = Object.entries(content as Record<string, unknown>);
  const chosen = contentType
    ? entries.find(([mediaType]) => mediaType.toLowerCase() === contentType.split(';')[0]!.trim().toLowerCase())
    : entries.find(([mediaType]) => isStructuredMediaType(mediaType));
  if (!chosen || !isStructuredMediaType(chosen[0])) return undefined;
  const schema = (chosen[1] as Record<string, unknown> | null)?.['schema'];
  return schema !== null && typeof schema === 'object' ? schema : undefined;
}

/** JSON Pointers of the payload's strings that are expressions or templates (D22). */
function dynamicPointers(classify: (text: string) => ClassifiedString, value: unknown, pointer: string): string[] {
  if (typeof value === 'string') return classify(value).kind === 'literal' ? [] : [pointer];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => dynamicPointers(classify, item, `${pointer}/${escapePointerSegment(key)}`));
}

/** An error is about a dynamic value when its instance is that value or inside it, or when a combinator's verdict depends on one. */
function touchesDynamicValue(error: ErrorObject, dynamic: readonly string[]): boolean {
  const at = error.instancePath;
  // An error from inside a oneOf/anyOf/not/if branch may only mean that another branch was meant,
  // which depends on the dynamic values too.
  const combinator =
    error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'not' || error.keyword === 'if' || /\/(oneOf|anyOf|not|if|then|else)(\/|$)/.test(error.schemaPath);
  return dynamic.some((pointer) => pointer === at || at.startsWith(`${pointer}/`) || (combinator && pointer.startsWith(`${at}/`)));
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `is missing required property '${String(params['missingProperty'])}'`;
  if (error.keyword === 'additionalProperties') return `has unexpected property '${String(params['additionalProperty'])}'`;
  if (error.keyword === 'enum') return `must be one of ${JSON.stringify(params['allowedValues'])}`;
  return error.message ?? `fails '${error.keyword}'`;
}
