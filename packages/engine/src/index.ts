export type { Diagnostic, Severity, SourcePosition, SourceRange } from './diagnostics.js';
export { hasErrors, sortDiagnostics } from './diagnostics.js';
export { LoomError, isLoomError, type LoomErrorCode } from './errors.js';
export * from './model/arazzo.js';
export { parseText, type ParsedText } from './loader/parse-text.js';
export { toPointer, parsePointer, escapePointerSegment, unescapePointerSegment, getAtPath, type PathSegment } from './json-pointer.js';
