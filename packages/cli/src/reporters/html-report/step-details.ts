import type { BoundedText } from './bounded-text.js';
import { escapeHtml } from './escape.js';
import type { RecordedAttempt, RecordedStep } from './recorder.js';
import { formatDuration, statusBadge } from './format.js';

/**
 * One step execution as a `<details>` element: closed it is one line (status, step, duration,
 * attempts, why it failed); open it shows each attempt's request, response, criteria and actions,
 * then the step's outputs. Failed steps start open. Works without script.
 */
export function renderStepDetails(step: RecordedStep, id: string): string {
  const end = step.end;
  const status = end?.status ?? 'failure';
  const attempts = step.attempts.length;
  const summary = [
    statusBadge(end ? status : 'unfinished'),
    `<span class="step-name">${escapeHtml(step.stepId)}</span>`,
    step.depth > 0 ? `<span class="muted">in workflow ${escapeHtml(step.workflowId)}</span>` : '',
    end?.statusCode !== undefined ? `<span class="mono">HTTP ${end.statusCode}</span>` : '',
    end ? `<span>${formatDuration(end.durationMs)}</span>` : '',
    attempts > 1 ? `<span>${attempts} attempts</span>` : '',
    end?.reason ? `<span class="reason">${escapeHtml(end.reason.text)}${end.reason.omittedChars > 0 ? '…' : ''}</span>` : '',
  ].join(' ');
  const body = [
    ...step.attempts.map((attempt) => renderAttempt(attempt, attempts)),
    end?.outputs ? `<h4>Outputs</h4>${block(end.outputs)}` : '',
  ].join('');
  return `<details class="step" id="${id}"${status === 'failure' ? ' open' : ''}><summary>${summary}</summary><div class="body">${body}</div></details>`;
}

function renderAttempt(attempt: RecordedAttempt, attempts: number): string {
  const parts: string[] = attempts > 1 ? [`<h4>Attempt ${attempt.attempt} of ${attempts}</h4>`] : [];
  if (attempt.kind === 'workflow') {
    parts.push('<p class="muted">Runs a workflow; its steps are listed on their own.</p>');
  } else if (attempt.request) {
    const { request } = attempt;
    parts.push(`<h5>Request</h5><p class="request-line mono">${escapeHtml(request.method)} ${escapeHtml(request.url)}</p>`);
    parts.push(block(request.headers, 'Headers'));
    if (request.body) parts.push(block(request.body, 'Body'));
  } else {
    parts.push('<p class="muted">No request was sent.</p>');
  }
  if (attempt.response) {
    const { response } = attempt;
    parts.push(`<h5>Response</h5><p class="mono">HTTP ${response.statusCode} · ${response.bytes} bytes · ${formatDuration(response.durationMs)}</p>`);
    parts.push(block(response.headers, 'Headers'));
    if (response.body) parts.push(block(response.body, 'Body'));
  } else if (attempt.kind === 'operation' && attempt.request) {
    parts.push('<h5>Response</h5><p class="muted">No response arrived.</p>');
  }
  if (attempt.criteria.length > 0) {
    const items = attempt.criteria.map((criterion) => {
      const mark = criterion.passed ? '<span class="pass">✓ passed</span>' : '<span class="fail">✗ failed</span>';
      const where = criterion.owner === 'successCriteria' ? '' : ` <span class="muted">(${escapeHtml(criterion.owner)} action)</span>`;
      const explanation = criterion.explanation ? `<br><span class="muted">${escapeHtml(criterion.explanation.text)}${criterion.explanation.omittedChars > 0 ? '…' : ''}</span>` : '';
      return `<li>${mark} <code>${escapeHtml(criterion.condition)}</code>${where}${explanation}</li>`;
    });
    parts.push(`<h5>Criteria</h5><ul class="criteria">${items.join('')}</ul>`);
  }
  if (attempt.actions.length > 0) {
    const items = attempt.actions.map((action) => {
      const target = action.target !== undefined ? ` to ${escapeHtml(action.target)}` : '';
      const delay = action.delayMs !== undefined ? ` after ${formatDuration(action.delayMs)}` : '';
      return `<li>${escapeHtml(action.kind)} action <code>${escapeHtml(action.name)}</code>: ${escapeHtml(action.action)}${target}${delay}</li>`;
    });
    parts.push(`<h5>Actions</h5><ul class="criteria">${items.join('')}</ul>`);
  }
  return `<section class="attempt">${parts.join('')}</section>`;
}

/** A bounded value in a `<pre>`, with a note when part of it was left out (DECISIONS D89). */
export function block(value: BoundedText, label?: string): string {
  const note = value.omittedChars > 0 ? `<p class="note">${value.omittedChars.toLocaleString('en-US')} more characters left out of the report.</p>` : '';
  const caption = label ? `<p class="part-label">${escapeHtml(label)}</p>` : '';
  return value.text === '' && value.omittedChars === 0 ? '' : `${caption}<pre>${escapeHtml(value.text)}</pre>${note}`;
}
