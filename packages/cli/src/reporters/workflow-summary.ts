import type { ResolvedDocument, ResolvedStep, ResolvedWorkflow } from '@loom/engine';
import { requestMethod } from '@loom/engine/internal';
import { escapeControlCharacters as escape, paint, type Terminal } from '../terminal.js';

/** One input of a workflow, as `loom list` and `loom describe` show it. */
export interface InputSummary {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
  readonly secret: boolean;
}

export function summarizeInputs(workflow: ResolvedWorkflow): InputSummary[] {
  const schema = workflow.inputsSchema;
  if (schema === undefined || typeof schema !== 'object') return [];
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    type: typeOf(property),
    required: required.has(name),
    ...(property['default'] !== undefined ? { default: property['default'] } : {}),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    secret: property['format'] === 'password' || property['writeOnly'] === true,
  }));
}

function typeOf(schema: Record<string, unknown>): string {
  const type = schema['type'];
  if (Array.isArray(type)) return type.join(' | ');
  if (typeof type === 'string') return type === 'array' && typeof schema['items'] === 'object' ? `${typeOf(schema['items'] as Record<string, unknown>)}[]` : type;
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((value) => JSON.stringify(value)).join(' | ');
  return 'any';
}

/** What a step calls: `POST /customers (billingApi)`, `send orders/placed (events.placeOrder)` or `workflow other-flow`. */
export function describeTarget(step: ResolvedStep): string {
  if (step.target.kind === 'operation') {
    const operation = step.target.operation;
    return `${requestMethod(operation)} ${operation.path} (${operation.sourceName}${operation.operationId ? `.${operation.operationId}` : ''})`;
  }
  if (step.target.kind === 'message') {
    // An asynchronous step (Arazzo 1.1): `send orders/{region}/placed (orders.placeOrder)`.
    const { operation, source } = step.target;
    return `${step.target.action} ${operation.channel.address ?? operation.channel.name} (${source.name}.${operation.operationId})`;
  }
  return `workflow ${step.target.workflowId}`;
}

export function formatWorkflowList(model: ResolvedDocument, terminal: Terminal): string {
  const lines: string[] = [];
  for (const workflow of model.workflows.values()) {
    const summary = workflow.definition.summary ? `  ${paint(terminal, 'gray', escape(workflow.definition.summary))}` : '';
    lines.push(`${paint(terminal, 'bold', escape(workflow.workflowId))}${summary}`);
    for (const input of summarizeInputs(workflow)) lines.push(`  ${formatInput(input, terminal)}`);
  }
  return lines.join('\n');
}

export function formatInput(input: InputSummary, terminal: Terminal): string {
  const flags = [input.required ? 'required' : 'optional', ...(input.secret ? ['secret'] : []), ...(input.default !== undefined ? [`default ${JSON.stringify(input.default)}`] : [])];
  return `${escape(input.name)}: ${escape(input.type)}  ${paint(terminal, 'gray', escape(flags.join(', ')))}${input.description ? `  ${escape(input.description)}` : ''}`;
}

export function formatWorkflowDescription(workflow: ResolvedWorkflow, terminal: Terminal): string {
  const lines: string[] = [paint(terminal, 'bold', escape(workflow.workflowId))];
  if (workflow.definition.summary) lines.push(escape(workflow.definition.summary));
  const inputs = summarizeInputs(workflow);
  lines.push('', paint(terminal, 'bold', 'inputs'));
  if (inputs.length === 0) lines.push('  (none)');
  for (const input of inputs) lines.push(`  ${formatInput(input, terminal)}`);
  if (workflow.dependsOn.length > 0) lines.push('', `${paint(terminal, 'bold', 'depends on')} ${escape(workflow.dependsOn.map((target) => target.workflowId).join(', '))}`);
  lines.push('', paint(terminal, 'bold', 'steps'));
  for (const step of workflow.steps) {
    lines.push(`  ${step.index + 1}. ${paint(terminal, 'bold', escape(step.stepId))}  ${escape(describeTarget(step))}`);
    for (const parameter of step.parameters) lines.push(`       ${parameter.in ? `${parameter.in} ` : ''}${escape(parameter.name)} = ${escape(JSON.stringify(parameter.value) ?? '')}`);
    if (step.definition.requestBody) lines.push(escape(`       body ${step.definition.requestBody.contentType ?? ''} ${JSON.stringify(step.definition.requestBody.payload) ?? ''}`.trimEnd()));
    for (const criterion of step.successCriteria) lines.push(`       ${paint(terminal, 'gray', 'success when')} ${escape(`${criterion.condition}${criterion.type ? ` (${typeof criterion.type === 'string' ? criterion.type : `${criterion.type.type} ${criterion.type.version}`})` : ''}`)}`);
    for (const action of step.onSuccess) lines.push(`       ${paint(terminal, 'gray', 'on success')} ${escape(`${action.name}: ${action.type}${actionTarget(action.target)}`)}`);
    for (const action of step.onFailure) lines.push(`       ${paint(terminal, 'gray', 'on failure')} ${escape(`${action.name}: ${action.type}${actionTarget(action.target)}`)}`);
    for (const [name, expression] of Object.entries(step.outputs)) lines.push(`       ${paint(terminal, 'gray', 'output')} ${escape(`${name} = ${expression}`)}`);
  }
  const outputs = Object.entries(workflow.outputs);
  lines.push('', paint(terminal, 'bold', 'outputs'));
  if (outputs.length === 0) lines.push('  (none)');
  for (const [name, expression] of outputs) lines.push(`  ${escape(`${name} = ${expression}`)}`);
  return lines.join('\n');
}

function actionTarget(target: ResolvedStep['onSuccess'][number]['target']): string {
  if (!target) return '';
  return target.kind === 'step' ? ` ${target.stepId}` : ` workflow ${target.workflowId}`;
}
