/**
 * `loom run --report html=<file>` (issue 15): one self-contained page from a real run against a
 * local server. What the page does in a browser is in html-report-browser.test.ts; here, its source:
 * no script or external load, every step, masked secrets, escaped hostile bodies, bounded sizes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../packages/engine/src/index.js';
import { createRunRecorder, createTextBudget, MAX_REPORT_TEXT_CHARS, renderHtmlReport } from '../../packages/cli/src/reporters/html-report/index.js';
import { escapeHtml } from '../../packages/cli/src/reporters/html-report/escape.js';
import type { LocalServer } from '../../packages/engine/test/http/local-server.js';
import { runLoom } from '../support/run-loom.js';
import { BIG_BODY_CHARS, FAILING_FLOW, HOSTILE, PASSING_FLOW, runWithHtmlReport, SECRET, startReportServer } from './fixture.js';

/** The forms a secret could be written in: as is, URL- and form-encoded, JSON-escaped, base64. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])];
}

let server: LocalServer;
beforeAll(async () => {
  server = await startReportServer();
});
afterAll(() => server.close());

describe('loom run --report html=<file>', () => {
  it('writes one self-contained page for a passing run: every step, the graph, no script, no external load', async () => {
    const run = await runWithHtmlReport(PASSING_FLOW, server.url);
    expect(run.code, run.stderr).toBe(0);
    const { html } = run;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'">/);
    // (The hostile body's markup is in the page as escaped text; no element that loads or runs anything.)
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img|image|audio|video|source|base|form|use)\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)|href="(?!#)/i);
    for (const stepId of ['login', 'getItem', 'hostile', 'big']) expect(html).toContain(`<span class="step-name">${stepId}</span>`);
    expect(html).toContain('<svg class="flow"');
    expect(html).toContain(`POST ${server.url}/login`);
    expect(html).toContain('<span class="badge status-success">passed</span>');
  });

  it('marks the failed step of a failing run, with its attempts, the failed criterion and the value seen', async () => {
    const run = await runWithHtmlReport(FAILING_FLOW, server.url);
    expect(run.code, run.stderr).toBe(1);
    expect(run.html).toMatch(/<details class="step" id="run-0-step-1" open><summary><span class="badge status-failure">failed<\/span> <span class="step-name">broken<\/span>/);
    expect(run.html).toContain('2 attempts');
    expect(run.html).toContain('$statusCode == 200: got 503');
    expect(run.html).toContain('Attempt 2 of 2');
    // The step that never ran is in the graph, drawn as not run.
    expect(run.html).toMatch(/<g class="node node-step outcome-not-run"><title>never/);
  });

  it('D21: the secret the run masks is in no form in the report, though the server echoed it back; --show-secrets shows it', async () => {
    const masked = await runWithHtmlReport(PASSING_FLOW, server.url);
    expect(masked.code, masked.stderr).toBe(0);
    // The server did receive it, and sent it back in a header and the body.
    expect(server.received.some((request) => request.headers['x-api-key'] === SECRET)).toBe(true);
    for (const form of formsOf(SECRET)) expect(masked.html, form).not.toContain(form);
    expect(masked.html).toContain('****');
    const shown = await runWithHtmlReport(PASSING_FLOW, server.url, ['--show-secrets']);
    expect(shown.html).toContain(SECRET);
  });

  // (Latin-1 only: the secret is also sent in a header, where other characters cannot go.)
  it.each(["quote\"back\\slash'single", '<xml & "attr">', 'ünïcödé-sécret-ça'])('D21: a secret with markup or Latin-1 characters (%s) is in no form in the report, escaped or not', async (secret) => {
    const run = await runWithHtmlReport(PASSING_FLOW, server.url, ['--input', `apiKey=${secret}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(server.received.some((request) => request.body.toString('utf8').includes(JSON.stringify(secret).slice(1, -1)))).toBe(true);
    for (const form of formsOf(secret)) {
      expect(run.html, form).not.toContain(form);
      expect(run.html, form).not.toContain(escapeHtml(form));
    }
  });

  it('escapes a hostile response body: it stays text', async () => {
    const { html } = await runWithHtmlReport(PASSING_FLOW, server.url);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>document.title');
    expect(html).toContain('&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;document.title=&#39;pwned&#39;');
  });

  it('D89: a large body is cut with a note saying how much was left out', async () => {
    const { html } = await runWithHtmlReport(PASSING_FLOW, server.url);
    const body = JSON.stringify({ data: 'b'.repeat(BIG_BODY_CHARS) }, null, 2);
    expect(html).toContain(`${(body.length - MAX_REPORT_TEXT_CHARS).toLocaleString('en-US')} more characters left out of the report.`);
    expect(html).not.toContain('b'.repeat(MAX_REPORT_TEXT_CHARS + 1));
  });

  it('D88: the graph is static SVG laid out in loom, so the report stays small (no graph library inside)', async () => {
    const run = await runWithHtmlReport(FAILING_FLOW, server.url);
    // Each of the workflow's steps is a node, with its success and failure edges.
    expect(run.html.match(/<g class="node node-step/g)).toHaveLength(3);
    expect(run.html).toMatch(/<g class="edge edge-failure"><title>broken → failure: failure<\/title>/);
    // A page for a three-step run, graph included: tens of kilobytes (mermaid's standalone build alone is 3.5 MB).
    expect(Buffer.byteLength(run.html)).toBeLessThan(60_000);
  });

  it('refuses an unknown report kind, naming the kinds', async () => {
    const run = await runWithHtmlReport(PASSING_FLOW, server.url, ['--report', 'pdf=out.pdf']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--report kinds are json, junit and html, got 'pdf'");
  });

  it('the bundled loom writes the report (the layout library is bundled as a chunk of its own)', async () => {
    const first = await runWithHtmlReport(PASSING_FLOW, server.url, ['--report', 'json=ignored.json']);
    const spawned = await runLoom(['run', 'flow.arazzo.yaml', '--input', `apiKey=${SECRET}`, '--report', 'html=bundle.html'], { cwd: first.dir });
    expect(spawned.code, spawned.stderr).toBe(0);
    const html = await readFile(join(first.dir, 'bundle.html'), 'utf8');
    expect(html).toContain('<svg class="flow"');
    expect(html).not.toContain(SECRET);
  });
});

describe('renderHtmlReport (also used by loom test)', () => {
  const result = (workflowId: string, status: 'success' | 'failure'): RunResult => ({ workflowId, status, outputs: {}, steps: [], warnings: [], durationMs: 5 });

  it('puts several runs and a skipped case in one page, with a list of them, every title escaped', () => {
    const recorder = createRunRecorder();
    const html = renderHtmlReport(
      [
        { title: 'case <one>', result: result('a', 'success'), recording: recorder.recording() },
        { result: result('b', 'failure'), recording: createRunRecorder().recording() },
        { title: 'needs inputs', skipped: 'required input <token> has no value' },
      ],
      { version: '9.9.9', title: 'loom test <report>', generatedAt: new Date(0) },
    );
    expect(html).toContain('<title>loom test &lt;report&gt;</title>');
    expect(html).toContain('<nav aria-label="Runs"><ul><li><a href="#run-0">case &lt;one&gt;</a>');
    expect(html).toContain('<a href="#run-1">Workflow b</a> <span class="badge status-failure">failed</span>');
    expect(html).toContain('<span class="badge status-skipped">skipped</span></h2><p>required input &lt;token&gt; has no value</p>');
    expect(html).toContain('Made by loom 9.9.9 on 1970-01-01T00:00:00.000Z');
  });

  it('D89: one budget bounds every value of a report; no value is cut inside a surrogate pair', () => {
    const budget = createTextBudget(12, 4);
    expect(budget.bound('abcdef')).toEqual({ text: 'abcd', omittedChars: 2 });
    expect(budget.bound('abc😀d')).toEqual({ text: 'abc', omittedChars: 3 });
    expect(budget.bound('xyz')).toEqual({ text: 'xyz', omittedChars: 0 });
    expect(budget.bound('more than left')).toEqual({ text: 'mo', omittedChars: 12 });
    expect(budget.bound('gone')).toEqual({ text: '', omittedChars: 4 });
  });
});
