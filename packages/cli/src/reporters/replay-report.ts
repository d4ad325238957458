import type { ReplayDifference } from '../trace/compare.js';
import { escapeControlCharacters as escape, paint, type Terminal } from '../terminal.js';

/** Lines of context around each change in a difference's diff. */
const DIFF_CONTEXT = 2;

/**
 * `loom replay`'s report: each difference with the request it concerns and, for a changed value, a
 * unified diff of the recorded and replayed text (the `diff` package, loaded only when something differs).
 */
export async function formatReplayDifferences(differences: readonly ReplayDifference[], terminal: Terminal): Promise<string> {
  if (differences.length === 0) return '';
  const { structuredPatch } = await import('diff');
  const lines: string[] = [];
  for (const difference of differences) {
    switch (difference.kind) {
      case 'request': {
        const { request } = difference;
        lines.push(paint(terminal, 'red', `✖ request ${difference.index} (step ${escape(request.stepId)}, ${escape(request.method)} ${escape(request.url)}): the ${difference.field} differs`));
        lines.push(...diffLines(structuredPatch, difference.recorded, difference.replayed, terminal));
        break;
      }
      case 'extra-request':
        lines.push(paint(terminal, 'red', `✖ request ${difference.index} (step ${escape(difference.request.stepId)}, ${escape(difference.request.method)} ${escape(difference.request.url)}) is not in the trace`));
        break;
      case 'missing-request':
        lines.push(paint(terminal, 'red', `✖ request ${difference.index} of the trace (step ${escape(difference.request.stepId)}, ${escape(difference.request.method)} ${escape(difference.request.url)}) was not sent`));
        break;
      case 'outputs':
      case 'status':
        lines.push(paint(terminal, 'red', `✖ the workflow's ${difference.kind === 'outputs' ? 'outputs differ' : 'status differs'}`));
        lines.push(...diffLines(structuredPatch, difference.recorded, difference.replayed, terminal));
        break;
    }
  }
  return `${lines.join('\n')}\n`;
}

type StructuredPatch = typeof import('diff').structuredPatch;

function diffLines(structuredPatch: StructuredPatch, recorded: string, replayed: string, terminal: Terminal): string[] {
  const patch = structuredPatch('recorded', 'replayed', `${recorded}\n`, `${replayed}\n`, '', '', { context: DIFF_CONTEXT });
  const lines = [paint(terminal, 'gray', '    --- recorded'), paint(terminal, 'gray', '    +++ replayed')];
  for (const hunk of patch.hunks) {
    lines.push(paint(terminal, 'cyan', `    @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue;
      const text = `    ${escape(line)}`;
      lines.push(line.startsWith('-') ? paint(terminal, 'red', text) : line.startsWith('+') ? paint(terminal, 'green', text) : text);
    }
  }
  return lines;
}
