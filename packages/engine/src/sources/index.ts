/** Source descriptions: reading documents, loading OpenAPI sources, finding a step's operation. */
export type { HttpMethod, OpenApiOperation, OpenApiParameter, OpenApiServer, OpenApiSource } from './types.js';
export { readResource, DEFAULT_READ_TIMEOUT_MS, MAX_DOCUMENT_BYTES, MAX_REDIRECTS, type ReadResourceOptions, type ReadResourceResult } from './read-resource.js';
export { toDocumentUrl, resolveUrl, displayUrl, splitFragment, isRemoteUrl, referenceRefusal } from './urls.js';
export { SourceCache, type CachedDocument } from './source-cache.js';
export { loadOpenApiSource, type LoadOpenApiSourceOptions, type LoadOpenApiSourceResult } from './load-openapi.js';
export { resolveOperationReference, type OperationReference, type OperationProblem, type OperationResolution } from './resolve-operation.js';
export { HTTP_METHODS, requestMethod } from './operation-index.js';
export { hostAllowed, allowHostProblem } from './allowed-hosts.js';
