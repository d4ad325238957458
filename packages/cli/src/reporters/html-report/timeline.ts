import { escapeHtml } from './escape.js';
import { formatDuration } from './format.js';
import type { RecordedStep } from './recorder.js';

/** The viewBox width of one bar; the bar is stretched to the row's width. */
const SCALE = 1000;

/**
 * The steps on one time axis, in the order they started: each row links to the step's details and
 * shows a bar from its start to its end (retries included), its duration and its attempts.
 * Bars are SVG geometry, not style attributes, so the CSP needs no 'unsafe-inline'.
 */
export function renderTimeline(steps: readonly RecordedStep[], runMs: number, idOf: (index: number) => string): string {
  const total = Math.max(1, runMs, ...steps.map((step) => step.startedAt + (step.end?.durationMs ?? 0)));
  const rows = steps.map((step, index) => {
    const duration = step.end?.durationMs ?? Math.max(0, total - step.startedAt);
    const x = (step.startedAt / total) * SCALE;
    const width = Math.max(3, (duration / total) * SCALE);
    const status = step.end?.status ?? 'failure';
    const attempts = step.attempts.length > 1 ? ` · ${step.attempts.length} attempts` : '';
    const name = step.depth > 0 ? `${step.workflowId} / ${step.stepId}` : step.stepId;
    const statusWord = status === 'success' ? 'passed' : 'failed';
    return (
      `<li class="${status}"><span class="name"><a href="#${idOf(index)}">${escapeHtml(name)}</a> <span class="muted">${statusWord}</span></span>` +
      `<svg viewBox="0 0 ${SCALE} 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="${SCALE}" height="10"/><rect class="span" x="${x.toFixed(1)}" width="${Math.min(width, SCALE - x).toFixed(1)}" height="10"/></svg>` +
      `<span class="time">${formatDuration(duration)}${attempts}</span></li>`
    );
  });
  return rows.length > 0 ? `<ol class="timeline">${rows.join('')}</ol>` : '<p class="muted">No step ran.</p>';
}
