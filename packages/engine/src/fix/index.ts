export { applyFixes, type FixableDiagnostic, type FixResult, type SkippedFix } from './apply-fixes.js';
export { fixDocument, DEFAULT_MAX_FIX_ROUNDS, type DocumentFixes, type FixDocumentOptions } from './fix-document.js';
