import { escapeHtml } from './escape.js';

/** `12 ms`, `1.25 s`: durations as people read them. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const STATUS_TEXT: Readonly<Record<string, string>> = { success: 'passed', failure: 'failed', skipped: 'skipped', unfinished: 'unfinished', suspended: 'suspended' };

/** A status as a word with its colour (the colour is never the only sign). */
export function statusBadge(status: 'success' | 'failure' | 'skipped' | 'unfinished' | 'suspended'): string {
  // A suspended run (a durable run waiting out a long delay, D91) is neither passed nor failed yet.
  const style = status === 'unfinished' ? 'failure' : status === 'suspended' ? 'skipped' : status;
  return `<span class="badge status-${style}">${escapeHtml(STATUS_TEXT[status]!)}</span>`;
}
