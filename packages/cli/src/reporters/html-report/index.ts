/**
 * The HTML run report (`--report html=<file>`): record a run with `createRunRecorder()`, then
 * `renderHtmlReport(runs, options)`. Loaded with a dynamic import where a report is asked for, so
 * `loom run` without one does not load it or its layout library.
 */
export { renderHtmlReport, type HtmlReportOptions, type HtmlReportRun, type HtmlReportSkipped } from './render.js';
export { createRunRecorder, type RunRecorder, type RunRecording, type RecordedStep, type RecordedAttempt } from './recorder.js';
export { createTextBudget, MAX_REPORT_TEXT_CHARS, MAX_REPORT_TOTAL_CHARS, type BoundedText, type TextBudget } from './bounded-text.js';
