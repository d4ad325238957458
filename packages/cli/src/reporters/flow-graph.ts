import type { ResolvedFailureAction, ResolvedSuccessAction, ResolvedWorkflow } from '@loom/engine';
import { describeTarget } from './workflow-summary.js';

/**
 * A workflow's control flow as nodes and edges, for `loom graph`: where each step goes on
 * success and on failure (Arazzo 1.0.1 §Step Object onSuccess / onFailure, DECISIONS D10-D12),
 * which workflows it calls, goes to or depends on.
 */
export interface FlowGraph {
  readonly workflowId: string;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
}

export interface FlowNode {
  readonly id: string;
  readonly kind: 'start' | 'step' | 'success' | 'failure' | 'workflow';
  readonly label: string;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: 'flow' | 'success' | 'failure' | 'retry' | 'call' | 'depends';
}

export function buildFlowGraph(workflow: ResolvedWorkflow): FlowGraph {
  const nodes: FlowNode[] = [{ id: 'start', kind: 'start', label: 'start' }];
  const edges: FlowEdge[] = [];
  const workflowNodes = new Set<string>();
  const stepNode = (index: number) => `step${index}`;
  const workflowNode = (workflowId: string) => {
    const id = `wf_${workflowId.replace(/[^A-Za-z0-9_]/g, '_')}`;
    if (!workflowNodes.has(id)) {
      workflowNodes.add(id);
      nodes.push({ id, kind: 'workflow', label: `workflow ${workflowId}` });
    }
    return id;
  };
  let usesSuccess = false;
  let usesFailure = false;
  const success = () => ((usesSuccess = true), 'success');
  const failure = () => ((usesFailure = true), 'failure');

  for (const dependency of workflow.dependsOn) edges.push({ from: workflowNode(dependency.workflowId), to: 'start', label: 'dependsOn', kind: 'depends' });
  edges.push({ from: 'start', to: workflow.steps.length > 0 ? stepNode(0) : success(), label: '', kind: 'flow' });

  for (const step of workflow.steps) {
    const id = stepNode(step.index);
    nodes.push({ id, kind: 'step', label: `${step.stepId}\n${describeTarget(step)}` });
    if (step.target.kind === 'workflow') edges.push({ from: id, to: workflowNode(step.target.workflowId), label: 'calls', kind: 'call' });

    const next = step.index + 1 < workflow.steps.length ? stepNode(step.index + 1) : success();
    if (!addActions(step.onSuccess, 'success')) edges.push({ from: id, to: next, label: 'success', kind: 'flow' });
    if (!addActions(step.onFailure, 'failure')) edges.push({ from: id, to: failure(), label: 'failure', kind: 'failure' });

    /** Adds an edge per action; true when an action without criteria always matches (D11). */
    function addActions(actions: readonly (ResolvedSuccessAction | ResolvedFailureAction)[], outcome: 'success' | 'failure'): boolean {
      for (const action of actions) {
        const conditional = action.criteria.length > 0 ? ` if ${action.criteria.map((criterion) => criterion.condition).join(' and ')}` : '';
        const label = `${outcome}: ${action.name}${conditional}`;
        if (action.type === 'end') {
          edges.push({ from: id, to: outcome === 'success' ? success() : failure(), label: `${label} (end)`, kind: outcome });
        } else if (action.type === 'retry') {
          const limit = (action as ResolvedFailureAction).retryLimit ?? 1;
          if (action.target) edges.push({ from: id, to: action.target.kind === 'step' ? stepNode(action.target.stepIndex) : workflowNode(action.target.workflowId), label: `${label} (before retry)`, kind: 'retry' });
          edges.push({ from: id, to: id, label: `${label} (retry ≤${limit})`, kind: 'retry' });
          // D12: once the retries are spent, the later actions are considered.
          continue;
        } else if (action.target) {
          edges.push({ from: id, to: action.target.kind === 'step' ? stepNode(action.target.stepIndex) : workflowNode(action.target.workflowId), label: `${label} (goto)`, kind: outcome });
        }
        if (action.criteria.length === 0) return true;
      }
      return false;
    }
  }
  if (usesSuccess) nodes.push({ id: 'success', kind: 'success', label: 'success' });
  if (usesFailure) nodes.push({ id: 'failure', kind: 'failure', label: 'failure' });
  return { workflowId: workflow.workflowId, nodes, edges };
}

/** Mermaid flowchart text. */
export function renderMermaid(graph: FlowGraph): string {
  const lines = ['flowchart TD'];
  for (const node of graph.nodes) {
    const text = mermaidText(node.label);
    const shape =
      node.kind === 'start' ? `(["${text}"])` : node.kind === 'success' || node.kind === 'failure' ? `((("${text}")))` : node.kind === 'workflow' ? `[["${text}"]]` : `["${text}"]`;
    lines.push(`  ${node.id}${shape}`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'call' || edge.kind === 'depends' ? '-.->' : edge.kind === 'failure' || edge.kind === 'retry' ? '-->' : '-->';
    lines.push(edge.label ? `  ${edge.from} ${arrow}|"${mermaidText(edge.label)}"| ${edge.to}` : `  ${edge.from} ${arrow} ${edge.to}`);
  }
  lines.push('  classDef success fill:#d4f7d4,stroke:#2a7a2a', '  classDef failure fill:#f7d4d4,stroke:#a02a2a');
  if (graph.nodes.some((node) => node.kind === 'success')) lines.push('  class success success');
  if (graph.nodes.some((node) => node.kind === 'failure')) lines.push('  class failure failure');
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
}

/** Graphviz DOT text. */
export function renderDot(graph: FlowGraph): string {
  const lines = [`digraph "${dotText(graph.workflowId)}" {`, '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const node of graph.nodes) {
    const attributes =
      node.kind === 'start' ? 'shape=oval' : node.kind === 'success' ? 'shape=doublecircle, color=darkgreen' : node.kind === 'failure' ? 'shape=doublecircle, color=firebrick' : node.kind === 'workflow' ? 'shape=box3d' : 'shape=box';
    lines.push(`  ${node.id} [label="${dotText(node.label)}", ${attributes}];`);
  }
  for (const edge of graph.edges) {
    const style = edge.kind === 'call' || edge.kind === 'depends' ? ', style=dashed' : edge.kind === 'failure' ? ', color=firebrick' : edge.kind === 'retry' ? ', color=darkorange' : '';
    lines.push(`  ${edge.from} -> ${edge.to} [label="${dotText(edge.label)}"${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
