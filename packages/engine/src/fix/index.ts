export { applyFixes, type FixableDiagnostic, type FixResult, type SkippedFix } from './apply-fixes.js';
