/**
 * The report's one stylesheet. Colours are custom properties with a dark set under
 * prefers-color-scheme; the inline SVG graph and the timeline take theirs from the same properties.
 * The Content-Security-Policy admits this stylesheet by its hash (render.ts), nothing else.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --code: #eef1f4;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --skip: #6e7781; --skip-bg: #eaeef2;
  --accent: #0969da; --focus: #0969da; --bar: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #3d444d; --panel: #161b22; --code: #1f2630;
    --ok: #3fb950; --ok-bg: #12341d; --bad: #ff7b72; --bad-bg: #3c1618; --warn: #d29922; --skip: #9da7b3; --skip-bg: #262c36;
    --accent: #58a6ff; --focus: #79c0ff; --bar: #58a6ff;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
header p, .muted { color: var(--muted); margin: .25rem 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: var(--code); padding: .5rem .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0; max-height: 32rem; overflow-y: auto; }
.run { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.status-success { color: var(--ok); background: var(--ok-bg); }
.status-failure { color: var(--bad); background: var(--bad-bg); }
.status-skipped { color: var(--skip); background: var(--skip-bg); }
nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dl.summary dt { color: var(--muted); }
dl.summary dd { margin: 0; overflow-wrap: anywhere; }
.note { color: var(--warn); font-style: italic; }
.error { color: var(--bad); overflow-wrap: anywhere; }
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); margin: 0; padding: .5rem; }
.graph svg { display: block; margin: 0 auto; max-width: none; }
.graph figcaption { font-size: .8rem; color: var(--muted); margin-top: .25rem; }
svg.flow text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; fill: var(--fg); }
svg.flow text.detail { fill: var(--muted); }
svg.flow text.edge-label { font-size: 11px; fill: var(--muted); paint-order: stroke; stroke: var(--panel); stroke-width: 4px; }
svg.flow .node rect { fill: var(--bg); stroke: var(--muted); stroke-width: 1.2; }
svg.flow .node-start rect { fill: var(--code); }
svg.flow .node-success rect { fill: var(--ok-bg); stroke: var(--ok); }
svg.flow .node-failure rect { fill: var(--bad-bg); stroke: var(--bad); }
svg.flow .node-workflow rect { stroke-dasharray: 4 2; }
svg.flow .outcome-success rect { stroke: var(--ok); stroke-width: 2.5; }
svg.flow .outcome-failure rect { stroke: var(--bad); stroke-width: 2.5; }
svg.flow .outcome-not-run rect { stroke-dasharray: 2 3; opacity: .7; }
svg.flow polyline { fill: none; stroke: var(--muted); stroke-width: 1.3; }
svg.flow .edge-failure polyline { stroke: var(--bad); }
svg.flow .edge-retry polyline { stroke: var(--warn); stroke-dasharray: 5 3; }
svg.flow .edge-call polyline, svg.flow .edge-depends polyline { stroke-dasharray: 3 3; }
svg.flow marker path { fill: var(--muted); }
svg.flow marker.edge-failure path { fill: var(--bad); }
svg.flow marker.edge-retry path { fill: var(--warn); }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline li { display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr max-content; gap: .5rem; align-items: center; padding: .15rem 0; border-bottom: 1px solid var(--line); }
ol.timeline .name { overflow-wrap: anywhere; }
ol.timeline svg { width: 100%; height: 14px; display: block; }
ol.timeline rect.track { fill: var(--code); }
ol.timeline rect.span { fill: var(--bar); }
ol.timeline .failure rect.span { fill: var(--bad); }
ol.timeline .time { text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); font-size: .85rem; }
details.step { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; background: var(--bg); }
details.step > summary { cursor: pointer; padding: .5rem .75rem; display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: center; background: var(--panel); border-radius: 6px; }
details.step[open] > summary { border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
details.step > summary .step-name { font-weight: 600; overflow-wrap: anywhere; }
details.step > .body { padding: .25rem .75rem .75rem; }
details.step .reason { flex-basis: 100%; color: var(--bad); overflow-wrap: anywhere; }
.attempt { border-top: 1px dashed var(--line); margin-top: .5rem; }
.attempt:first-of-type { border-top: none; margin-top: 0; }
ul.criteria { list-style: none; padding: 0; margin: .25rem 0; }
ul.criteria li { padding: .1rem 0; overflow-wrap: anywhere; }
.pass { color: var(--ok); font-weight: 600; }
.fail { color: var(--bad); font-weight: 600; }
.request-line { overflow-wrap: anywhere; }
.part-label { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: .4rem 0 0; }
@media (max-width: 40rem) {
  body { padding: .5rem; }
  .run { padding: .6rem; }
  ol.timeline li { grid-template-columns: 1fr max-content; }
  ol.timeline svg { grid-column: 1 / -1; grid-row: 2; }
  dl.summary { grid-template-columns: 1fr; }
  dl.summary dd { margin-bottom: .35rem; }
}
@media print { details.step > .body { display: block; } }
`;
