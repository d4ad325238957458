export { createHttpClient, sendRequest, closeDefaultHttpClient, type HttpClient, type HttpClientOptions } from './send.js';
export { parseRetryAfter, parseHttpDate } from './retry-after.js';
export { mediaTypeEssence, isJsonMediaType, isXmlMediaType, isTextMediaType, charsetOf } from './media-type.js';
export { decodeResponseBody, type DecodedBody } from './response-body.js';
export {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  type SendResult,
  type TransportError,
  type TransportErrorCode,
} from './types.js';
