import { createHash } from 'node:crypto';
import type { ResolvedWorkflow, RunResult } from '@loom/engine';
import { buildFlowGraph, type FlowNode } from '../flow-graph.js';
import { createTextBudget, displayText, type BoundedText, type TextBudget } from './bounded-text.js';
import { anchorId, escapeHtml } from './escape.js';
import { renderFlowSvg, type NodeOutcome } from './flow-svg.js';
import { formatDuration, statusBadge } from './format.js';
import type { RecordedStep, RunRecording } from './recorder.js';
import { block, renderStepDetails } from './step-details.js';
import { REPORT_CSS } from './styles.js';
import { renderTimeline } from './timeline.js';

/** One run in the report: its (masked) result, what its recorder collected and, for the graph, its workflow. */
export interface HtmlReportRun {
  /** The run's heading (default: `Workflow <workflowId>`); `loom test` names its case here. */
  readonly title?: string;
  /** The result, masked (`RunOptions.maskSecrets`) unless the user asked to see secrets. */
  readonly result: RunResult;
  /** From `createRunRecorder()`, whose `onEvent` listened to this run. */
  readonly recording: RunRecording;
  /** The run's workflow from the model, for the control-flow graph; left out, the report has no graph. */
  readonly workflow?: ResolvedWorkflow;
}

/** A case that did not run (`loom test`: required inputs missing, filtered out, ...). */
export interface HtmlReportSkipped {
  readonly title: string;
  readonly skipped: string;
}

export interface HtmlReportOptions {
  /** The page's heading (default: `Loom run report`). */
  readonly title?: string;
  /** loom's version, printed in the header. */
  readonly version: string;
  /** When the report was made (default: now). */
  readonly generatedAt?: Date;
  /**
   * The budget the runs' recorders were given (`createRunRecorder(budget)`), so that the report's own values
   * (outputs, errors, warnings) count against the same total (DECISIONS D89); default: a fresh one.
   */
  readonly budget?: TextBudget;
}

/**
 * One self-contained HTML page for one run or many (`loom run --report html=<file>`, `loom test
 * --report html=<file>`): the control-flow graph, a timeline, and each step's request, response,
 * criteria and outputs. It needs no network and runs no script: its Content-Security-Policy
 * forbids every load and admits only its own stylesheet. Every value is escaped; values are as
 * masked as the run's events and result (DECISIONS D21); large ones are cut (D89).
 */
export function renderHtmlReport(runs: readonly (HtmlReportRun | HtmlReportSkipped)[], options: HtmlReportOptions): string {
  const title = options.title ?? 'Loom run report';
  const budget = options.budget ?? createTextBudget();
  const sections = runs.map((run, index) => ('skipped' in run ? renderSkipped(run, index) : renderRun(run, index, budget)));
  const nav =
    runs.length > 1
      ? `<nav aria-label="Runs"><ul>${runs
          .map((run, index) => `<li><a href="#${anchorId('run', index)}">${escapeHtml(runTitle(run))}</a> ${statusBadge('skipped' in run ? 'skipped' : run.result.status)}</li>`)
          .join('')}</ul></nav>`
      : '';
  const styleHash = createHash('sha256').update(REPORT_CSS).digest('base64');
  // No default source: nothing is fetched, no script runs, no form posts; the one stylesheet is admitted by hash.
  const policy = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="loom ${escapeHtml(options.version)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<header>
<h1>${escapeHtml(title)}</h1>
<p>Made by loom ${escapeHtml(options.version)} on ${escapeHtml((options.generatedAt ?? new Date()).toISOString())}. Secrets are masked as in the run's other output.</p>
${nav}
</header>
<main id="main">
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function runTitle(run: HtmlReportRun | HtmlReportSkipped): string {
  return run.title ?? `Workflow ${(run as HtmlReportRun).result.workflowId}`;
}

function renderSkipped(run: HtmlReportSkipped, index: number): string {
  const id = anchorId('run', index);
  return `<section class="run" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${escapeHtml(run.title)} ${statusBadge('skipped')}</h2><p>${escapeHtml(run.skipped)}</p></section>`;
}

function renderRun(run: HtmlReportRun, index: number, budget: TextBudget): string {
  const { result, recording } = run;
  const id = anchorId('run', index);
  const stepId = (stepIndex: number) => anchorId('run', index, 'step', stepIndex);
  const failed = recording.steps.filter((step) => step.end?.status !== 'success').length;
  const summary = [
    ['Status', statusBadge(result.status)],
    ['Workflow', `<code>${escapeHtml(result.workflowId)}</code>`],
    ['Duration', formatDuration(result.durationMs)],
    ['Steps run', `${recording.steps.length}${failed > 0 ? `, ${failed} failed` : ''}`],
    ...(result.error ? [['Error', `<span class="error">${escapeHtml(bounded(budget, result.error.message).text)}</span>`]] : []),
    ...result.warnings.map((warning) => ['Warning', escapeHtml(bounded(budget, warning).text)]),
  ];
  const parts = [
    `<section class="run" id="${id}" aria-labelledby="${id}-title">`,
    `<h2 id="${id}-title">${escapeHtml(runTitle(run))} ${statusBadge(result.status)}</h2>`,
    `<dl class="summary">${summary.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`,
  ];
  if (run.workflow) parts.push(renderGraph(run.workflow, recording.steps, id));
  parts.push(`<h3>Timeline</h3>${renderTimeline(recording.steps, result.durationMs, stepId)}`);
  parts.push(`<h3>Steps</h3>${recording.steps.map((step, stepIndex) => renderStepDetails(step, stepId(stepIndex))).join('') || '<p class="muted">No step ran.</p>'}`);
  if (recording.inputs) parts.push(`<h3>Inputs</h3>${block(recording.inputs) || '<p class="muted">None.</p>'}`);
  parts.push(`<h3>Outputs</h3>${Object.keys(result.outputs).length > 0 ? block(bounded(budget, result.outputs)) : '<p class="muted">None.</p>'}`);
  parts.push('</section>');
  return parts.join('\n');
}

function renderGraph(workflow: ResolvedWorkflow, steps: readonly RecordedStep[], id: string): string {
  // A step's outcome in the graph is that of its last execution in the run's own workflow.
  const outcomes = new Map<string, NodeOutcome>();
  for (const step of steps) if (step.workflowId === workflow.workflowId && step.end) outcomes.set(step.stepId, step.end.status);
  const stepByNode = new Map(workflow.steps.map((step) => [`step${step.index}`, step.stepId]));
  const outcomeOf = (node: FlowNode): NodeOutcome | undefined => {
    const stepId = stepByNode.get(node.id);
    return node.kind !== 'step' || stepId === undefined ? undefined : (outcomes.get(stepId) ?? 'not-run');
  };
  const svg = renderFlowSvg(buildFlowGraph(workflow), id, outcomeOf);
  return `<h3>Control flow</h3><figure class="graph" tabindex="0" aria-label="Control-flow graph of workflow ${escapeHtml(workflow.workflowId)}">${svg}<figcaption>Steps that passed have a green border, failed a red one, steps not run a dotted one; red arrows are failure paths, dashed orange ones retries.</figcaption></figure>`;
}

function bounded(budget: TextBudget, value: unknown): BoundedText {
  return budget.bound(displayText(value));
}
