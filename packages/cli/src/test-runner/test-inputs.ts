import { access } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { isLoomError, parseText } from '@loom/engine';
import { readResource } from '@loom/engine/internal';

/** Named input sets by workflowId: each set is one test case (DECISIONS D83). */
export type InputSets = ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, unknown>>>>;

/** The extension a workflow may carry with its own input sets (DECISIONS D83). */
export const TEST_EXTENSION = 'x-loom-test';

/**
 * DECISIONS D83: the inputs file of `orders.arazzo.yaml` is `orders.arazzo.inputs.yaml` beside it (the
 * document's name with its `.yaml`, `.yml` or `.json` replaced); undefined for a document that is no file.
 */
export function inputsFileFor(documentPath: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(documentPath) || documentPath === '-') return undefined;
  const base = documentPath.replace(/\.(ya?ml|json)$/i, '');
  return `${base}.inputs.yaml`;
}

/** A problem with an inputs file or an `x-loom-test` extension: the cases it concerns fail with this message. */
export class TestInputsError extends Error {}

/**
 * Reads the inputs file at `path` when it exists: `{ workflows: { <workflowId>: { <set>: { inputs: {...} } } } }`
 * (packages/cli/schemas/test-inputs.schema.json). An empty map when there is no such file.
 */
export async function readInputsFile(path: string): Promise<InputSets> {
  try {
    await access(path);
  } catch {
    return new Map();
  }
  let text: string;
  try {
    text = (await readResource(pathToFileURL(path).href)).text;
  } catch (error) {
    throw new TestInputsError(`cannot read ${path}: ${isLoomError(error) ? error.message : (error as Error).message}`);
  }
  const parsed = parseText(text, path);
  const syntax = parsed.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (syntax) throw new TestInputsError(`${path}:${syntax.range?.start.line ?? 1}: ${syntax.message}`);
  const root = parsed.data;
  if (!isObject(root)) throw new TestInputsError(`${path} must hold a mapping with a 'workflows' field`);
  for (const key of Object.keys(root)) {
    if (key !== 'workflows' && !key.startsWith('x-') && key !== '$schema') throw new TestInputsError(`${path}: unknown field '${key}' (expected 'workflows')`);
  }
  const workflows = root.workflows ?? {};
  if (!isObject(workflows)) throw new TestInputsError(`${path}: 'workflows' must map workflowIds to input sets`);
  const sets = new Map<string, ReadonlyMap<string, Readonly<Record<string, unknown>>>>();
  for (const [workflowId, value] of Object.entries(workflows)) sets.set(workflowId, readSets(value, `${path}: workflows.${workflowId}`));
  return sets;
}

/** The input sets of a workflow's `x-loom-test` extension: `{ <set>: { inputs: {...} } }`, like one entry of the inputs file. */
export function readExtensionSets(value: unknown, where: string): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  return value === undefined ? new Map() : readSets(value, where);
}

function readSets(value: unknown, where: string): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  if (!isObject(value)) throw new TestInputsError(`${where} must map input set names to { inputs: {...} }`);
  const sets = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [name, set] of Object.entries(value)) {
    if (!isObject(set)) throw new TestInputsError(`${where}.${name} must be a mapping with an 'inputs' field`);
    for (const key of Object.keys(set)) if (key !== 'inputs' && !key.startsWith('x-')) throw new TestInputsError(`${where}.${name}: unknown field '${key}' (expected 'inputs')`);
    const inputs = set.inputs ?? {};
    if (!isObject(inputs)) throw new TestInputsError(`${where}.${name}.inputs must be a mapping of input names to values`);
    sets.set(name, inputs);
  }
  return sets;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
