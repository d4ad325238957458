import type { ParsedText } from '../document/parse-text.js';
import type { ParameterLocation } from '../model/arazzo.js';

/**
 * Source descriptions (Arazzo 1.0.1 §Source Description Object) as loaded:
 * OpenAPI 3.0 / 3.1 / 3.2 documents with their `$ref`s resolved and their operations
 * indexed, so that a run never looks an operation up again.
 */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace' | 'query';

/** An OpenAPI Server Object (servers[n]) as written. */
export interface OpenApiServer {
  readonly url: string;
  readonly description?: string;
  /**
   * `default` as written in the description: OAS wants a string; request/url.ts also takes a number
   * and refuses anything else (DECISIONS D37), so an object never reaches a URL as text.
   */
  readonly variables?: Readonly<Record<string, { readonly default: unknown; readonly enum?: readonly string[] }>>;
}

/** An OpenAPI Parameter Object with `$ref` resolved. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required?: boolean;
  readonly style?: string;
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
  readonly schema?: unknown;
  readonly content?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/** One operation of an OpenAPI source, with everything a request needs. */
export interface OpenApiOperation {
  /** The source description's `name` in the Arazzo document. */
  readonly sourceName: string;
  /** The URL the OpenAPI document was read from (a `file:` URL for files). */
  readonly sourceUrl: string;
  /** The path template as written under `paths` (`/pets/{id}`). */
  readonly path: string;
  /**
   * A Path Item field (`get`, ..., `query` in OpenAPI 3.2), or a key of an OpenAPI 3.2 `additionalOperations`
   * map as written (`COPY`).
   */
  readonly method: HttpMethod | (string & {});
  readonly operationId?: string;
  /** JSON Pointer of the operation inside its source (`/paths/~1pets~1{id}/get`). */
  readonly pointer: string;
  /** The Operation Object, `$ref`s resolved (cycles left as `$ref` objects). */
  readonly operation: Readonly<Record<string, unknown>>;
  /** Path-item parameters merged with the operation's (operation wins on name + in), `$ref`s resolved. */
  readonly parameters: readonly OpenApiParameter[];
  /** The Request Body Object, `$ref` resolved, if any. */
  readonly requestBody?: Readonly<Record<string, unknown>>;
  /** DECISIONS D18: the operation's servers, else the path item's, else the document's (may be empty). */
  readonly servers: readonly OpenApiServer[];
  /** Effective security requirements (operation's, else the document's). */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  /**
   * Why a step cannot call this operation although it is in the document: it holds an unresolved
   * `$ref` (`operation-ref-unresolved`, DECISIONS D42). Reported at the step that calls it.
   */
  readonly problem?: { readonly code: string; readonly message: string };
}

/** A loaded OpenAPI source description. */
export interface OpenApiSource {
  readonly type: 'openapi';
  readonly name: string;
  readonly url: string;
  readonly parsed: ParsedText;
  /** The OpenAPI version string (`3.0.3`, `3.1.0`, `3.2.0`). */
  readonly openapi: string;
  /** The document with `$ref`s resolved (cyclic refs are left in place as `{ $ref }`). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly operations: readonly OpenApiOperation[];
  /** The operations of this source by operationId. */
  readonly operationsById: ReadonlyMap<string, OpenApiOperation>;
  /** The operations by JSON Pointer (`/paths/~1pets/get`). */
  readonly operationsByPointer: ReadonlyMap<string, OpenApiOperation>;
  /** `components.securitySchemes`, resolved. */
  readonly securitySchemes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
