import { isRecord, parsePointer, toPointer } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { expressionsOf, type DocumentExpressions } from '../model/document-expressions.js';
import { actionListsOf, sourceDescriptionsOf, stepsOf, stringField, workflowsOf, type Data, type Located } from './document-walk.js';

/**
 * Which workflows a document's errors touch (DECISIONS D52, D53). Each error has a place: a workflow,
 * a component, a source description, an OpenAPI file (one operation of it, or the file as a whole),
 * or the rest of an Arazzo document. A workflow has errors of its own when its place, or a place it
 * uses (its components, source descriptions and OpenAPI operations), has errors; it cannot run when
 * it or a workflow it reaches (workflow steps, goto and retry targets, dependsOn, in any Arazzo
 * document of the load) has errors of its own. Pure: reads the documents and the diagnostics only.
 */

/** One Arazzo document of a load, as this module reads it (the loader's DocumentNode, seen from here). */
export interface ErrorScopeDocument {
  readonly url: string;
  /** The document as parsed; it may not have passed the schema. */
  readonly document: unknown;
  /** Loaded source descriptions by name: the URL of the OpenAPI file or Arazzo document read. */
  readonly sources: ReadonlyMap<string, { readonly type: 'openapi' | 'arazzo'; readonly url: string }>;
  /** A step's resolved operation, by `workflowIndex/stepIndex`. */
  readonly operations: ReadonlyMap<string, { readonly sourceName: string; readonly sourceUrl: string; readonly pointer: string }>;
}

/** Errors that sit in one place, said in words ("in workflow 'b'", "in the OpenAPI file petstore.yaml"). */
export interface ErrorGroup {
  readonly where: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Which workflows the errors of a load touch (DECISIONS D52, D53): `LoadedDocument.partial.errors`. */
export interface WorkflowErrors {
  /** Every error of the load, grouped by place, in the order of their first diagnostic. */
  readonly groups: readonly ErrorGroup[];
  /** True when the workflow, or a component, source description or OpenAPI operation it uses, has errors. */
  hasOwnErrors(documentUrl: string, workflowIndex: number): boolean;
  /**
   * The errors that keep a workflow of the root document from running: its own and those of every
   * workflow it reaches. Empty when it can run; `undefined` when the root has no such workflowId.
   */
  blockingErrors(workflowId: string): readonly ErrorGroup[] | undefined;
  /** The errors of a root workflow's own (in it, its components, sources and operations); `undefined` for an unknown workflowId. */
  ownErrors(workflowId: string): readonly ErrorGroup[] | undefined;
}

type OpenApiUse = { readonly url: string; readonly pointers: ReadonlySet<string> | 'all' };

interface Edge {
  readonly targets: readonly WorkflowKey[];
  /** How the parent reaches the target: "step 'callOther' runs", "workflow 'a' depends on". */
  readonly how: (parent: string | undefined) => string;
}

interface WorkflowUses {
  readonly places: Set<string>;
  readonly edges: Edge[];
}

/** `documentIndex/workflowIndex`. */
type WorkflowKey = string;

const COMPONENT_KINDS = new Set(['inputs', 'parameters', 'successActions', 'failureActions']);

/** @param documents the Arazzo documents of the load, the root first. */
export function indexWorkflowErrors(diagnostics: readonly Diagnostic[], documents: readonly ErrorScopeDocument[]): WorkflowErrors {
  const root = documents[0]!;
  const documentIndex = new Map(documents.map((document, index) => [document.url, index]));
  const openApiUrls = new Set(documents.flatMap((document) => [...document.sources.values()].filter((source) => source.type === 'openapi').map((source) => source.url)));
  const workflows = documents.map((document) => workflowsOf(document.document));

  // Every error to its place.
  const byPlace = new Map<string, { where: string; diagnostics: Diagnostic[] }>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity !== 'error') continue;
    const place = placeOf(diagnostic);
    const group = byPlace.get(place.key) ?? { where: place.where, diagnostics: [] };
    group.diagnostics.push(diagnostic);
    byPlace.set(place.key, group);
  }
  const openApiPlaces = [...byPlace.keys()].filter((key) => key.startsWith('o\u0000'));

  function placeOf(diagnostic: Diagnostic): { key: string; where: string } {
    const url = diagnostic.source ?? root.url;
    const index = documentIndex.get(url);
    const segments = parsePointer(diagnostic.path) ?? [];
    if (index === undefined) {
      // A file outside the Arazzo documents: an OpenAPI source, or a file one of them $refs.
      const operation = openApiUrls.has(url) ? operationPointerOf(segments) : undefined;
      return { key: `o\u0000${url}\u0000${operation ?? ''}`, where: `in the OpenAPI file ${fileName(url)}` };
    }
    const document = documents[index]!;
    const of = index === 0 ? '' : ` of ${fileName(url)}`;
    const [first, second, third] = segments;
    if (first === 'workflows' && second !== undefined && /^\d+$/.test(second)) {
      const workflow = workflows[index]!.find((candidate) => candidate.path[1] === Number(second));
      const id = workflow ? stringField(workflow.value, 'workflowId') : undefined;
      return { key: `w\u0000${index}/${second}`, where: id !== undefined ? `in workflow '${id}'${of}` : `in workflows[${second}]${of}` };
    }
    if (first === 'sourceDescriptions' && second !== undefined && /^\d+$/.test(second)) {
      const entry = sourceDescriptionsOf(document.document).find((source) => source.path[1] === Number(second));
      const name = entry ? stringField(entry.value, 'name') : undefined;
      if (name !== undefined) return { key: `s\u0000${index}\u0000${name}`, where: `in source description '${name}'${of}` };
    }
    if (first === 'components' && second !== undefined && COMPONENT_KINDS.has(second) && third !== undefined) {
      return { key: `c\u0000${index}\u0000${second}\u0000${third}`, where: `in components.${second}.${third}${of}` };
    }
    return { key: `d\u0000${index}`, where: first === undefined ? `at the top of ${fileName(url)}` : `in '${first}' of ${fileName(url)}` };
  }

  const usesCache = new Map<WorkflowKey, WorkflowUses>();
  function usesOf(key: WorkflowKey): WorkflowUses {
    const known = usesCache.get(key);
    if (known) return known;
    const [documentText, workflowText] = key.split('/');
    const index = Number(documentText);
    const workflowIndex = Number(workflowText);
    const uses = readUses(index, workflows[index]!.find((workflow) => workflow.path[1] === workflowIndex)!, workflowIndex);
    usesCache.set(key, uses);
    return uses;
  }

  function readUses(index: number, workflow: Located<Data>, workflowIndex: number): WorkflowUses {
    const document = documents[index]!;
    const data = document.document as Data;
    const places = new Set<string>([`w\u0000${index}/${workflowIndex}`, `d\u0000${index}`]);
    const edges: Edge[] = [];
    const sourceNames = new Set<string>();
    const openApi: OpenApiUse[] = [];
    const allSourceNames = sourceDescriptionsOf(data).map((source) => stringField(source.value, 'name')).filter((name): name is string => name !== undefined);
    const useSource = (name: string, pointer: string | undefined) => {
      sourceNames.add(name);
      const source = document.sources.get(name);
      if (source?.type === 'openapi') openApi.push({ url: source.url, pointers: pointer === undefined ? 'all' : new Set([pointer]) });
    };
    const workflowTargets = (written: string): WorkflowKey[] => {
      const reference = expressionsOf(data).workflowReference(written);
      if (!reference) return [];
      let targetIndex = index;
      if (reference.kind === 'source') {
        sourceNames.add(reference.sourceName);
        const source = document.sources.get(reference.sourceName);
        const found = source?.type === 'arazzo' ? documentIndex.get(source.url) : undefined;
        if (found === undefined) return [];
        targetIndex = found;
      }
      // Every workflow with that id: a duplicate workflowId is an error, and it must block both.
      return workflows[targetIndex]!.filter((candidate) => candidate.value['workflowId'] === reference.workflowId).map((candidate) => `${targetIndex}/${candidate.path[1]}`);
    };
    const workflowId = stringField(workflow.value, 'workflowId') ?? `workflows[${workflowIndex}]`;

    for (const step of stepsOf(workflow)) {
      const stepId = stringField(step.value, 'stepId') ?? '?';
      const stepIndex = step.path[step.path.length - 1] as number;
      const childWorkflow = stringField(step.value, 'workflowId');
      if (childWorkflow !== undefined) {
        edges.push({ targets: workflowTargets(childWorkflow), how: (parent) => `which step '${stepId}'${parent === undefined ? '' : ` of workflow '${parent}'`} runs` });
      }
      const operation = document.operations.get(`${workflowIndex}/${stepIndex}`);
      if (operation) {
        useSource(operation.sourceName, operation.pointer);
        continue;
      }
      const named = namedSource(expressionsOf(data), step.value);
      if (named !== undefined) useSource(named, undefined);
      // An operation that did not resolve may be in any source (the step's own error says so).
      else if (childWorkflow === undefined && (step.value['operationId'] !== undefined || step.value['operationPath'] !== undefined)) allSourceNames.forEach((name) => useSource(name, undefined));
    }
    for (const list of actionListsOf(workflow)) {
      for (const item of list.items) {
        const action = actionOf(data, item.value);
        const target = action ? stringField(action, 'workflowId') : undefined;
        if (target === undefined) continue;
        const owner = list.step ? `step '${stringField(list.step.value, 'stepId') ?? '?'}'` : `workflow '${workflowId}'`;
        edges.push({ targets: workflowTargets(target), how: (parent) => `which ${owner}${list.step && parent !== undefined ? ` of workflow '${parent}'` : ''} goes to` });
      }
    }
    const dependsOn = workflow.value['dependsOn'];
    if (Array.isArray(dependsOn)) {
      for (const written of dependsOn) {
        if (typeof written === 'string') edges.push({ targets: workflowTargets(written), how: () => `which workflow '${workflowId}' depends on` });
      }
    }

    for (const name of sourceNames) places.add(`s\u0000${index}\u0000${name}`);
    for (const key of componentPlacesUsed(index, workflow.value)) places.add(key);
    for (const key of openApiPlaces) if (openApiPlaceUsed(key, openApi, openApiUrls)) places.add(key);
    // An Arazzo source that could not be read as a document: every error in it stands in the way.
    for (const name of sourceNames) {
      const source = document.sources.get(name);
      const sourceIndex = source?.type === 'arazzo' ? documentIndex.get(source.url) : undefined;
      if (sourceIndex !== undefined && !isRecord(documents[sourceIndex]!.document)) {
        for (const key of byPlace.keys()) if (placeDocument(key) === sourceIndex) places.add(key);
      }
    }
    return { places, edges };
  }

  /**
   * The component places with errors that the workflow uses: those it names (`$components.kind.name`,
   * `#/components/inputs/name`) and, transitively, those they name (an inputs schema `$ref`s the next).
   */
  function componentPlacesUsed(index: number, workflow: Data): string[] {
    const prefix = `c\u0000${index}\u0000`;
    if (![...byPlace.keys()].some((key) => key.startsWith(prefix))) return [];
    const data = documents[index]!.document as Data;
    const components = data['components'];
    const expressions = expressionsOf(data);
    const used = new Set<string>();
    const pending = [workflow as unknown];
    // Each component is visited once, so a cycle of references ends.
    while (pending.length > 0) {
      for (const text of stringsIn(pending.pop())) {
        for (const [kind, name] of componentReferencesIn(text, expressions, components)) {
          const key = `${prefix}${kind}\u0000${name}`;
          if (used.has(key)) continue;
          used.add(key);
          pending.push(((components as Data)[kind] as Data)[name]);
        }
      }
    }
    return [...used].filter((key) => byPlace.has(key));
  }

  const ownCache = new Map<WorkflowKey, boolean>();
  function hasOwnErrorsByKey(key: WorkflowKey): boolean {
    let own = ownCache.get(key);
    if (own === undefined) {
      own = [...usesOf(key).places].some((place) => byPlace.has(place));
      ownCache.set(key, own);
    }
    return own;
  }

  return {
    groups: mergeByWords([...byPlace.values()]),
    hasOwnErrors(documentUrl, workflowIndex) {
      const index = documentIndex.get(documentUrl);
      if (index === undefined) return true;
      const workflow = workflows[index]!.find((candidate) => candidate.path[1] === workflowIndex);
      if (!workflow) return true;
      // A workflowId written twice is an error of both: neither is shown or run.
      const id = workflow.value['workflowId'];
      return workflows[index]!.some((candidate) => (candidate === workflow || (id !== undefined && candidate.value['workflowId'] === id)) && hasOwnErrorsByKey(`${index}/${candidate.path[1]}`));
    },
    ownErrors(workflowId) {
      const starts = rootKeys(workflowId);
      if (starts.length === 0) return undefined;
      const places = new Set(starts.flatMap((key) => [...usesOf(key).places]));
      return mergeByWords([...places].flatMap((place) => byPlace.get(place) ?? []));
    },
    blockingErrors(workflowId) {
      const starts = rootKeys(workflowId);
      if (starts.length === 0) return undefined;
      // Breadth first, iteratively (a long chain of workflows must not overflow the stack): each
      // reached workflow is named by the first way found to it.
      const reachedBy = new Map<WorkflowKey, string | undefined>(starts.map((key) => [key, undefined]));
      const queue = [...starts];
      for (let at = 0; at < queue.length; at++) {
        const key = queue[at]!;
        const parent = starts.includes(key) ? undefined : idOf(key);
        for (const edge of usesOf(key).edges) {
          for (const target of edge.targets) {
            if (reachedBy.has(target)) continue;
            reachedBy.set(target, edge.how(parent));
            queue.push(target);
          }
        }
      }
      const blocking = new Map<string, ErrorGroup>();
      for (const key of queue) {
        if (!hasOwnErrorsByKey(key)) continue;
        for (const place of usesOf(key).places) {
          const group = byPlace.get(place);
          if (!group || blocking.has(place)) continue;
          const how = place.startsWith('w\u0000') ? reachedBy.get(key) : undefined;
          blocking.set(place, how === undefined ? group : { where: `${group.where} ${how}`, diagnostics: group.diagnostics });
        }
      }
      return mergeByWords([...blocking.values()]);
    },
  };

  function rootKeys(workflowId: string): WorkflowKey[] {
    return workflows[0]!.filter((workflow) => workflow.value['workflowId'] === workflowId).map((workflow) => `0/${workflow.path[1]}`);
  }

  function placeDocument(key: string): number | undefined {
    const [kind, rest] = key.split('\u0000') as [string, string];
    return kind === 'o' ? undefined : Number(rest.split('/')[0]);
  }

  function idOf(key: WorkflowKey): string {
    const [documentText, workflowText] = key.split('/');
    const workflow = workflows[Number(documentText)]!.find((candidate) => candidate.path[1] === Number(workflowText));
    return (workflow && stringField(workflow.value, 'workflowId')) ?? `workflows[${workflowText}]`;
  }
}

/** Places told in the same words (an OpenAPI file's operations and the rest of it) are one group. */
function mergeByWords(groups: readonly ErrorGroup[]): ErrorGroup[] {
  const merged = new Map<string, Diagnostic[]>();
  for (const group of groups) merged.set(group.where, [...(merged.get(group.where) ?? []), ...group.diagnostics]);
  return [...merged].map(([where, diagnostics]) => ({ where, diagnostics }));
}

/** The source description a step names in its operationId, operationPath or workflowId, if it names one. */
function namedSource(expressions: DocumentExpressions, step: Data): string | undefined {
  for (const field of ['operationId', 'operationPath', 'workflowId']) {
    const written = stringField(step, field);
    if (written === undefined) continue;
    if (field === 'operationPath') {
      const reading = expressions.operationPath(written);
      if (reading.ok) return reading.sourceName;
    }
    const classified = expressions.classify(written);
    const named =
      classified.kind === 'expression' ? [classified.expression] : classified.kind === 'template' ? classified.template.parts.flatMap((part) => (part.type === 'Slot' ? [part.expression] : [])) : [];
    const source = named.find((expression) => expression.root === 'sourceDescriptions');
    if (source?.root === 'sourceDescriptions') return source.sourceName;
  }
  return undefined;
}

/** An action as written, or the component a Reusable Object names. */
function actionOf(document: Data, item: Data): Data | undefined {
  const written = item['reference'];
  if (typeof written !== 'string') return item;
  const reference = expressionsOf(document).componentReference(written);
  if (!reference) return undefined;
  const components = document['components'];
  const group = isRecord(components) ? components[reference.kind] : undefined;
  const target = isRecord(group) && Object.prototype.hasOwnProperty.call(group, reference.name) ? group[reference.name] : undefined;
  return isRecord(target) ? target : undefined;
}

/**
 * Whether an OpenAPI place (`o url operation`) is in what a workflow uses: the operation it calls, or
 * the file as a whole. A file that is no source's own is one a source `$ref`s: any OpenAPI user may reach it.
 */
function openApiPlaceUsed(key: string, uses: readonly OpenApiUse[], sourceUrls: ReadonlySet<string>): boolean {
  const [, url, pointer] = key.split('\u0000') as [string, string, string];
  if (!sourceUrls.has(url)) return uses.length > 0;
  return uses.some((use) => use.url === url && (use.pointers === 'all' || pointer === '' || use.pointers.has(pointer)));
}

const METHOD_FIELDS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);

/** `/paths/{path}/{method}` or `/paths/{path}/additionalOperations/{method}` as a pointer, when the path is inside one. */
function operationPointerOf(segments: readonly string[]): string | undefined {
  if (segments[0] !== 'paths' || segments[1] === undefined || segments[2] === undefined) return undefined;
  if (METHOD_FIELDS.has(segments[2])) return toPointer(segments.slice(0, 3));
  if (segments[2] === 'additionalOperations' && segments[3] !== undefined) return toPointer(segments.slice(0, 4));
  return undefined;
}

/**
 * The components a string names that exist: a `$components.<kind>.<name>` expression (alone or in a
 * template's slots), read from the document's parsed expressions, or a `#/components/<kind>/<name>`
 * JSON Schema `$ref` (a JSON Pointer, not an expression). `$components.inputs.a.b` names `a.b` if the
 * document has it, else `a`.
 */
function componentReferencesIn(text: string, expressions: DocumentExpressions, components: unknown): [kind: string, name: string][] {
  if (!text.includes('components')) return [];
  const written: [kind: string, name: string][] = [];
  if (text.startsWith('#/')) {
    const [first, kind, name] = parsePointer(text.slice(1)) ?? [];
    if (first === 'components' && kind !== undefined && COMPONENT_KINDS.has(kind) && name !== undefined) written.push([kind, name]);
  } else {
    const classified = expressions.classify(text);
    const named = classified.kind === 'expression' ? [classified.expression] : classified.kind === 'template' ? classified.template.parts.flatMap((part) => (part.type === 'Slot' ? [part.expression] : [])) : [];
    for (const expression of named) if (expression.root === 'components') written.push([expression.section, expression.name]);
  }
  const found: [string, string][] = [];
  for (const [kind, full] of written) {
    const group = isRecord(components) ? components[kind] : undefined;
    if (!isRecord(group)) continue;
    let name: string | undefined = full;
    // A dotted expression may continue past the name: the longest written prefix that names a component.
    while (name !== undefined && !Object.prototype.hasOwnProperty.call(group, name)) name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
    if (name !== undefined) found.push([kind, name]);
  }
  return found;
}

/** Every string inside a value, iteratively (documents are nested at most D38's depth, but stay off the stack). */
function stringsIn(value: unknown): string[] {
  const strings: string[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') strings.push(current);
    else if (current !== null && typeof current === 'object') stack.push(...Object.values(current));
  }
  return strings;
}

/** The last segment of a URL's path, as people name files ("petstore.yaml"). */
function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

/**
 * Error groups in one phrase: "3 errors in the OpenAPI file petstore.yaml, 1 in workflow 'b'"; with
 * `locations`, each group's first error follows as `(file:line:column)`.
 */
export function describeErrorGroups(groups: readonly ErrorGroup[], options: { readonly locations?: boolean } = {}): string {
  return groups
    .map((group, index) => {
      const count = group.diagnostics.length;
      const first = group.diagnostics[0];
      const start = first?.range?.start;
      const location = options.locations && first?.source !== undefined && start ? ` (${fileName(first.source)}:${start.line}:${start.column})` : '';
      return `${count}${index === 0 ? ` error${count === 1 ? '' : 's'}` : ''} ${group.where}${location}`;
    })
    .join(', ');
}
