import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocument, type LoadedDocument, type LoadOptions } from '@loom/engine';
import type { FileArgument } from '../file-arguments.js';
import { inputsFileFor, readExtensionSets, readInputsFile, TEST_EXTENSION, TestInputsError, type InputSets } from './test-inputs.js';
import type { TestCase } from './types.js';

export interface CollectOptions {
  readonly cwd: string;
  /** `--workflow`: only these workflowIds. */
  readonly workflows?: readonly string[];
  /** `--grep`: only the cases whose id matches. */
  readonly grep?: RegExp;
  /** `--server` assignments; each document gets those naming one of its OpenAPI sources. */
  readonly servers: Readonly<Record<string, string>>;
  readonly load: Pick<LoadOptions, 'offline' | 'allowHosts' | 'timeoutMs'>;
}

/** A document's cases and the files they read (the document, its sources, its inputs file), for --watch. */
export interface DocumentCases {
  readonly file: string;
  readonly cases: readonly TestCase[];
  /** Local files the cases depend on, absolute. */
  readonly watched: readonly string[];
}

/** Loads one document and turns each workflow, times each of its input sets, into a test case. */
export async function collectDocumentCases(argument: FileArgument & { kind: 'path' }, options: CollectOptions): Promise<DocumentCases> {
  const file = argument.path;
  const inputsFile = inputsFileFor(file);
  const watched = [resolve(options.cwd, file), ...(inputsFile ? [resolve(options.cwd, inputsFile)] : [])];
  const loaded = await loadDocument(file, { ...options.load, cwd: options.cwd });
  for (const source of loaded.openApiSources.values()) if (source.url.startsWith('file:')) watched.push(fileURLToPath(source.url));
  const model = loaded.model ?? loaded.partial?.model;
  const listed = workflowsListed(loaded);
  const ids = listed.map(([workflowId]) => workflowId);
  const failWhole = (problem: string): DocumentCases => ({ file, watched, cases: [{ id: file, file, workflowId: '', inputs: {}, servers: {}, problem }] });
  if (ids.length === 0) {
    const error = loaded.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    return failWhole(error ? `the document has errors (${error.message}): loom validate ${file}` : 'the document has no workflows');
  }
  let fileSets: InputSets;
  try {
    fileSets = inputsFile ? await readInputsFile(resolve(options.cwd, inputsFile)) : new Map();
  } catch (error) {
    if (error instanceof TestInputsError) return failWhole(error.message);
    throw error;
  }
  for (const workflowId of fileSets.keys()) {
    if (!ids.includes(workflowId)) return failWhole(`${inputsFile}: no workflow '${workflowId}' in ${file}; it has: ${ids.join(', ')}`);
  }
  const sourceNames = new Set(loaded.openApiSources.keys());
  const servers = Object.fromEntries(Object.entries(options.servers).filter(([name]) => sourceNames.has(name)));
  const cases: TestCase[] = [];
  listed.forEach(([workflowId, index]) => {
    if (options.workflows && options.workflows.length > 0 && !options.workflows.includes(workflowId)) return;
    const line = loaded.parsed.locate(['workflows', index])?.start.line;
    const base = { file, workflowId, loaded, servers, ...(line !== undefined ? { line } : {}) };
    const workflow = model?.workflows.get(workflowId);
    if (!workflow) {
      cases.push({ ...base, id: `${file} › ${workflowId}`, inputs: {}, problem: `workflow ${workflowId} has errors: loom validate ${file}` });
      return;
    }
    let sets: Map<string, Readonly<Record<string, unknown>>>;
    try {
      // DECISIONS D83: the inputs file's sets and the workflow's own; the file wins for a name in both.
      sets = new Map([...readExtensionSets((workflow.definition as unknown as Record<string, unknown>)[TEST_EXTENSION], `${file}: workflow ${workflowId} ${TEST_EXTENSION}`), ...(fileSets.get(workflowId) ?? new Map())]);
    } catch (error) {
      if (!(error instanceof TestInputsError)) throw error;
      cases.push({ ...base, id: `${file} › ${workflowId}`, inputs: {}, problem: error.message });
      return;
    }
    if (sets.size === 0) {
      const required = requiredInputs(workflow.inputsSchema);
      const skip = required.length > 0 ? `requires inputs (${required.join(', ')}) and none are given: add them to ${inputsFile ?? `${TEST_EXTENSION} of the workflow`}` : undefined;
      cases.push({ ...base, id: `${file} › ${workflowId}`, inputs: {}, ...(skip ? { skip } : {}) });
      return;
    }
    for (const [name, inputs] of sets) cases.push({ ...base, id: `${file} › ${workflowId} [${name}]`, inputSet: name, inputs });
  });
  return { file, watched, cases: options.grep ? cases.filter((testCase) => options.grep!.test(testCase.id)) : cases };
}

/** Each workflowId of the document with the workflow's index in `workflows`. */
function workflowsListed(loaded: LoadedDocument): [workflowId: string, index: number][] {
  const data = loaded.parsed.data as { workflows?: unknown } | undefined;
  if (!data || !Array.isArray(data.workflows)) return [];
  return data.workflows.flatMap((workflow: unknown, index): [string, number][] => {
    const workflowId = workflow && typeof workflow === 'object' ? (workflow as { workflowId?: unknown }).workflowId : undefined;
    return typeof workflowId === 'string' ? [[workflowId, index]] : [];
  });
}

/** The inputs the schema requires at its top level. */
function requiredInputs(schema: unknown): string[] {
  const required = schema && typeof schema === 'object' ? (schema as { required?: unknown }).required : undefined;
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : [];
}
