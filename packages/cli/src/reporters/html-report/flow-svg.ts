import dagre from '@dagrejs/dagre';
import type { FlowEdge, FlowGraph, FlowNode } from '../flow-graph.js';
import { escapeHtml } from './escape.js';

/**
 * DECISIONS D88: the report draws `loom graph`'s control-flow graph (the same nodes and edges as its
 * Mermaid text) as static inline SVG, laid out here with dagre, so the report carries no script.
 * Text is set in a monospace font so that its width can be known without a browser.
 */

/** How a step of the graph ended in the run: colours its box. */
export type NodeOutcome = 'success' | 'failure' | 'not-run';

const CHAR_WIDTH = 7.3;
const LINE_HEIGHT = 16;
const LABEL_CHAR_WIDTH = 6.7;
const LABEL_LINE_HEIGHT = 14;
const PADDING = 10;
/** Longer labels are cut (the whole text stays in the element's tooltip). */
const MAX_LABEL_CHARS = 48;

interface Box {
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/**
 * The graph as an `<svg>` element. `idPrefix` keeps the marker ids of several graphs in one page apart;
 * `outcomeOf` gives each node's outcome in the run (steps only).
 */
export function renderFlowSvg(graph: FlowGraph, idPrefix: string, outcomeOf: (node: FlowNode) => NodeOutcome | undefined): string {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, edgesep: 12, marginx: 8, marginy: 8 });
  // A retry of the step itself is a loop: written inside the step's box rather than drawn (dagre
  // lays self-loops out poorly).
  const loops = new Map<string, string[]>();
  for (const edge of graph.edges) if (edge.from === edge.to) loops.set(edge.from, [...(loops.get(edge.from) ?? []), `↻ ${edge.label}`]);
  const boxes = new Map<string, Box>();
  for (const node of graph.nodes) {
    const box = textBox([...node.label.split('\n'), ...(loops.get(node.id) ?? [])], CHAR_WIDTH, LINE_HEIGHT);
    boxes.set(node.id, box);
    layout.setNode(node.id, { width: box.width, height: box.height });
  }
  const edges = graph.edges.filter((edge) => edge.from !== edge.to);
  edges.forEach((edge, index) => {
    const label = edge.label ? textBox([edge.label], LABEL_CHAR_WIDTH, LABEL_LINE_HEIGHT) : undefined;
    layout.setEdge(edge.from, edge.to, { width: label?.width ?? 0, height: label?.height ?? 0, labelpos: 'c' }, `e${index}`);
  });
  dagre.layout(layout);
  const { width = 0, height = 0 } = layout.graph();

  const parts: string[] = [];
  edges.forEach((edge, index) => {
    const placed = layout.edge({ v: edge.from, w: edge.to, name: `e${index}` }) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const points = placed.points.map((point) => `${round(point.x)},${round(point.y)}`).join(' ');
    parts.push(`<g class="edge edge-${edge.kind}"><title>${escapeHtml(edgeTitle(graph, edge))}</title>`);
    parts.push(`<polyline points="${points}" marker-end="url(#${idPrefix}-arrow-${edge.kind})"/>`);
    if (edge.label && placed.x !== undefined && placed.y !== undefined) {
      const box = textBox([edge.label], LABEL_CHAR_WIDTH, LABEL_LINE_HEIGHT);
      parts.push(`<text class="edge-label" x="${round(placed.x)}" y="${round(placed.y + 4)}" text-anchor="middle">${escapeHtml(box.lines[0]!)}</text>`);
    }
    parts.push('</g>');
  });
  for (const node of graph.nodes) {
    const placed = layout.node(node.id) as { x: number; y: number };
    const box = boxes.get(node.id)!;
    const outcome = outcomeOf(node);
    const left = placed.x - box.width / 2;
    const top = placed.y - box.height / 2;
    const rounded = node.kind === 'step' || node.kind === 'workflow' ? 4 : box.height / 2;
    parts.push(`<g class="node node-${node.kind}${outcome ? ` outcome-${outcome}` : ''}"><title>${escapeHtml(node.label.replace(/\n/g, ' — '))}${outcome ? ` (${outcomeText(outcome)})` : ''}</title>`);
    parts.push(`<rect x="${round(left)}" y="${round(top)}" width="${round(box.width)}" height="${round(box.height)}" rx="${round(rounded)}"/>`);
    box.lines.forEach((line, lineIndex) => {
      parts.push(`<text x="${round(placed.x)}" y="${round(top + PADDING + LINE_HEIGHT * (lineIndex + 1) - 4)}" text-anchor="middle"${lineIndex > 0 ? ' class="detail"' : ''}>${escapeHtml(line)}</text>`);
    });
    parts.push('</g>');
  }
  const kinds: readonly FlowEdge['kind'][] = ['flow', 'success', 'failure', 'retry', 'call', 'depends'];
  const markers = kinds
    .map((kind) => `<marker id="${idPrefix}-arrow-${kind}" class="arrow edge-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`)
    .join('');
  return `<svg class="flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" role="img" aria-labelledby="${idPrefix}-graph-title"><title id="${idPrefix}-graph-title">Control flow of workflow ${escapeHtml(graph.workflowId)}</title><defs>${markers}</defs>${parts.join('')}</svg>`;
}

function textBox(rawLines: readonly string[], charWidth: number, lineHeight: number): Box {
  const lines = rawLines.map((line) => (line.length > MAX_LABEL_CHARS ? `${line.slice(0, MAX_LABEL_CHARS - 1)}…` : line));
  const longest = Math.max(1, ...lines.map((line) => line.length));
  return { lines, width: longest * charWidth + PADDING * 2, height: lines.length * lineHeight + PADDING * 2 - 4 };
}

function edgeTitle(graph: FlowGraph, edge: FlowEdge): string {
  const name = (id: string) => graph.nodes.find((node) => node.id === id)?.label.split('\n')[0] ?? id;
  return `${name(edge.from)} → ${name(edge.to)}${edge.label ? `: ${edge.label}` : ''}`;
}

function outcomeText(outcome: NodeOutcome): string {
  return outcome === 'not-run' ? 'not run' : outcome === 'success' ? 'succeeded' : 'failed';
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
