/**
 * Arazzo 1.1.0 §Source Description Expression Resolution (DECISIONS D95): `$sourceDescriptions.<name>.<reference>`
 * names an operationId (OpenAPI, AsyncAPI source) or a workflowId (Arazzo source) first, else a field of the
 * Source Description Object. The ids are read once from the loaded sources; validation checks a reference
 * against them, and a run evaluates the expression against an object built once per compiled document.
 */
import { isRecord, writeOwn } from '@loom/expressions/internal';
import type { DocumentNode } from '../loader/load-session.js';
import type { SourceDescription } from './arazzo.js';

/** The ids a reference to each loaded source may name, by source name: operationIds, AsyncAPI operation keys or workflowIds. */
export type SourceReferenceIds = ReadonlyMap<string, ReadonlySet<string>>;

/** Arazzo 1.1.0 §Source Description Object: the fixed fields, which a reference names even when one is not written. */
const FIXED_FIELDS: readonly string[] = ['name', 'url', 'type'];

/** The ids of every source `node` loaded; a source that failed to load has none listed (its failure is reported already). */
export function sourceReferenceIds(node: DocumentNode): SourceReferenceIds {
  const ids = new Map<string, ReadonlySet<string>>();
  for (const [name, loaded] of node.sources) {
    if (loaded.type === 'openapi') {
      ids.set(name, new Set(loaded.source.operationsById.keys()));
    } else {
      const workflows = loaded.node.data?.['workflows'];
      const workflowIds = Array.isArray(workflows) ? workflows.flatMap((workflow) => (isRecord(workflow) && typeof workflow['workflowId'] === 'string' ? [workflow['workflowId']] : [])) : [];
      ids.set(name, new Set(workflowIds));
    }
  }
  for (const [name, source] of node.asyncApiSources) ids.set(name, new Set(source.operations.keys()));
  return ids;
}

/**
 * Why `$sourceDescriptions.<sourceName>.<reference>` names nothing, or undefined when it names an id or a field
 * (or when the source is not loaded, so its ids are not known).
 */
export type SourceReferenceCheck = (sourceName: string, reference: string) => string | undefined;

/** The check for the references of `node`, whose source descriptions are `descriptions` (as written). */
export function sourceReferenceCheck(node: DocumentNode, descriptions: unknown): SourceReferenceCheck {
  const ids = sourceReferenceIds(node);
  const objects = new Map<string, Record<string, unknown>>();
  if (Array.isArray(descriptions)) for (const source of descriptions) if (isRecord(source) && typeof source['name'] === 'string' && !objects.has(source['name'])) objects.set(source['name'], source);
  return (sourceName, reference) => {
    const known = ids.get(sourceName);
    const object = objects.get(sourceName);
    if (known === undefined || object === undefined) return undefined;
    if (known.has(reference) || FIXED_FIELDS.includes(reference) || Object.prototype.hasOwnProperty.call(object, reference)) return undefined;
    // The kind of document the source turned out to be (its `type` may be left out).
    const type = node.asyncApiSources.has(sourceName) ? 'asyncapi' : node.sources.get(sourceName)?.type === 'arazzo' ? 'arazzo' : 'openapi';
    const id = type === 'arazzo' ? 'a workflowId' : 'an operationId';
    const fields = [...new Set([...FIXED_FIELDS, ...Object.keys(object)])].join(', ');
    return `${reference} is neither ${id} of source description ${sourceName} (${type}) nor a field of it (${fields})`;
  };
}

/**
 * What `$sourceDescriptions.<name>` evaluates against in a run: the Source Description Object's fields as
 * written, with each id of the source over them as its own text (an operationId `url` wins over the field).
 */
export function sourceDescriptionState(source: SourceDescription, ids: ReadonlySet<string> | undefined): Record<string, unknown> {
  const state: Record<string, unknown> = { ...source };
  if (ids !== undefined) for (const id of ids) writeOwn(state, id, id);
  return state;
}
