import { isRecord, type PathSegment } from '@loom/expressions/internal';
import { stepsOf, workflowsOf, type Data, type Located } from '../validate/document-walk.js';

/**
 * The places in a (possibly invalid) document whose values go out in requests:
 * parameters (workflow, step, components) and request bodies (payload and
 * replacement values), each with its path. Defensive like document-walk: never
 * assumes the schema passed.
 */
export interface ParameterSite {
  readonly parameter: Data;
  readonly path: readonly PathSegment[];
}

export function parameterSites(document: unknown): ParameterSite[] {
  const sites: ParameterSite[] = [];
  const collect = (owner: Located<Data>) => {
    const list = owner.value['parameters'];
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      if (isRecord(item) && typeof item['name'] === 'string') sites.push({ parameter: item, path: [...owner.path, 'parameters', index] });
    });
  };
  for (const workflow of workflowsOf(document)) {
    collect(workflow);
    for (const step of stepsOf(workflow)) collect(step);
  }
  const components = isRecord(document) ? document['components'] : undefined;
  const parameters = isRecord(components) ? components['parameters'] : undefined;
  if (isRecord(parameters)) {
    for (const [name, parameter] of Object.entries(parameters)) {
      if (isRecord(parameter)) sites.push({ parameter, path: ['components', 'parameters', name] });
    }
  }
  return sites;
}

/** Request bodies' payloads and replacement values, with their paths. */
export function bodyValueSites(document: unknown): Located<unknown>[] {
  const sites: Located<unknown>[] = [];
  for (const workflow of workflowsOf(document)) {
    for (const step of stepsOf(workflow)) {
      const body = step.value['requestBody'];
      if (!isRecord(body)) continue;
      const bodyPath = [...step.path, 'requestBody'];
      if (body['payload'] !== undefined) sites.push({ value: body['payload'], path: [...bodyPath, 'payload'] });
      const replacements = body['replacements'];
      if (!Array.isArray(replacements)) continue;
      replacements.forEach((replacement, index) => {
        if (isRecord(replacement) && replacement['value'] !== undefined) {
          sites.push({ value: replacement['value'], path: [...bodyPath, 'replacements', index, 'value'] });
        }
      });
    }
  }
  return sites;
}

/** Every string inside `value` (members and items at any depth) with its path and the member name that holds it. */
export function stringsWithin(value: unknown, path: readonly PathSegment[], key?: string): { value: string; path: readonly PathSegment[]; key?: string }[] {
  if (typeof value === 'string') return [{ value, path, ...(key !== undefined ? { key } : {}) }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsWithin(item, [...path, index], key));
  if (isRecord(value)) return Object.entries(value).flatMap(([member, item]) => stringsWithin(item, [...path, member], member));
  return [];
}
