export type { BuildResult, RequestBuildError, RequestBuildErrorCode } from './build-result.js';
export { encodeComponent, encodeAllowingReserved } from './percent-encoding.js';
export { type ParameterStyle, PARAMETER_STYLES } from './parameter-styles.js';
export {
  serializeParameters,
  serializeParameter,
  inferParameterLocation,
  findParameterDeclaration,
  type ParameterValue,
  type SerializedParameters,
} from './parameter-serialization.js';
export { resolveServerUrl, substituteServerVariables, buildRequestUrl, type ResolvedServer } from './url.js';
export { encodeRequestBody, type EncodedBody, type RequestBodyContent } from './request-body.js';
export { applyReplacements, setAtPointer, type ReplacementValue, type XPathReplacer } from './payload-replacements.js';
