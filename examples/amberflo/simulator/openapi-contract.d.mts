/** Types for openapi-contract.mjs: the routes and validators read from the example's OpenAPI files. */
import type { ErrorObject } from 'ajv';

/** A compiled ajv schema: true when the value conforms, else the errors are on `errors`. */
export type SchemaCheck = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

export declare const OPENAPI_FILES: { readonly metering: string; readonly billing: string };

export interface ContractOperation {
  operationId: string;
  /** Upper case (`POST`). */
  method: string;
  /** As written under `paths` (`/customers/{customerId}`). */
  pathTemplate: string;
  pattern: RegExp;
  pathParameterNames: string[];
  queryParameters: Array<{ name: string; required: boolean; validate: SchemaCheck | undefined }>;
  /** The JSON request body's validator; for a `oneOf` of differently typed branches, one per branch too. */
  body:
    | {
        validate: SchemaCheck;
        branches: Array<{ jsonType: string | undefined; validate: SchemaCheck }> | undefined;
      }
    | undefined;
  bodyRequired: boolean;
  /** Problems with an answer against the operation's described responses; empty when it conforms. */
  checkResponse(status: number, body: unknown): string[];
}

export interface RouteMatch {
  operation: ContractOperation;
  pathParameters: Record<string, string>;
}

export interface Contract {
  operations: ContractOperation[];
  /** The operation at `method pathname`, or the methods the path accepts, or undefined for an unknown path. */
  match(method: string, pathname: string): RouteMatch | { allowed: string[] } | undefined;
}

/** Reads both OpenAPI files and compiles their request schemas. Throws when they do not compile. */
export declare function loadContract(): Contract;
