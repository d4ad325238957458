import type { Diagnostic, Severity } from '../../diagnostics.js';
import type { PathSegment } from '@loom/expressions/internal';
import { diagnosticAt, type ParsedText } from '../../document/parse-text.js';
import type { ValidationRuleId } from '../../rules/index.js';
import type { DocumentExpressions } from '../../model/document-expressions.js';
import type { Data } from '../document-walk.js';

/** What a workflow lookup in an `arazzo` source found (`missing-step`: the workflow is there, the step asked for is not). */
export type SourceWorkflowLookup = 'found' | 'missing' | 'missing-step' | 'not-arazzo' | 'unknown';

/** What the semantic checks need besides the document itself. */
export interface SemanticContext {
  readonly parsed: ParsedText;
  /**
   * Resolves `$sourceDescriptions.<sourceName>.<workflowId>` against the loaded
   * sources. Absent when sources were not loaded: then only the source's
   * declaration is checked. With `stepId`, the workflow must also have that step (DECISIONS D98, step `dependsOn`).
   */
  readonly lookupSourceWorkflow?: (sourceName: string, workflowId: string, stepId?: string) => SourceWorkflowLookup;
}

/** Collects diagnostics located in the document being checked; each `code` is a rule of rules/validation-rules.ts. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly parsed: ParsedText) {}

  report(code: ValidationRuleId, path: readonly PathSegment[], message: string, options: { severity?: Severity; part?: 'key' | 'value' } = {}): void {
    this.diagnostics.push(diagnosticAt(this.parsed, path, { code, severity: options.severity ?? 'error', message }, options.part));
  }
}

/** What every semantic rule's visitor is made with: the document, its parsed expressions and where to report. */
export interface RuleContext extends SemanticContext {
  readonly document: Data;
  readonly expressions: DocumentExpressions;
  readonly sink: DiagnosticSink;
}
