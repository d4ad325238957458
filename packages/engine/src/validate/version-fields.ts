import { isRecord } from '@loom/expressions/internal';
import { compiledArazzoSchema, type ArazzoVersion } from './schema-validator.js';

/**
 * What a later Arazzo version added, read from the schemas themselves (DECISIONS D72): a field of
 * an object, or a value of an enumerated field, that the later schema has and the earlier one has not.
 * Objects are matched by their `$defs` name; where 1.1 renamed or split a definition, ALIASES says where it went.
 */
const LATER: Readonly<Partial<Record<ArazzoVersion, ArazzoVersion>>> = { '1.0': '1.1' };

/** 1.0 `$defs` name -> the 1.1 definitions that took its place (1.1 split the Step Object into three kinds). */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'step-object': ['step-object-base', 'openapi-step-object', 'asyncapi-step-object', 'workflow-step-object'],
  'criterion-expression-type-object': ['expression-type-object'],
};

/**
 * The later version that introduced `property` of the object `definition` describes (undefined: the root object),
 * or, with `value`, that introduced `value` for that enumerated property. Undefined when no later version has it.
 */
export function introducedInLaterVersion(version: ArazzoVersion, definition: string | undefined, property: string, value?: unknown): ArazzoVersion | undefined {
  const later = LATER[version];
  if (later === undefined) return undefined;
  const before = propertiesOf(version, definition === undefined ? [undefined] : [definition]);
  const after = propertiesOf(later, definition === undefined ? [undefined] : (ALIASES[definition] ?? [definition]));
  if (value === undefined) return !before.has(property) && after.has(property) ? later : undefined;
  const allowedBefore = enumValues(before.get(property));
  const allowedAfter = enumValues(after.get(property));
  return !allowedBefore.includes(value) && allowedAfter.includes(value) ? later : undefined;
}

const cache = new Map<string, Map<string, unknown[]>>();

/** Each property the definitions declare (directly or through `allOf` / `oneOf` / `anyOf`) -> its schemas. */
function propertiesOf(version: ArazzoVersion, definitions: readonly (string | undefined)[]): Map<string, unknown[]> {
  const key = `${version}\u0000${definitions.join('\u0000')}`;
  let properties = cache.get(key);
  if (properties !== undefined) return properties;
  properties = new Map();
  const { schema } = compiledArazzoSchema(version);
  const defs = schema['$defs'] as Record<string, unknown>;
  const collect = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (isRecord(node['properties'])) {
      for (const [name, subschema] of Object.entries(node['properties'])) properties!.set(name, [...(properties!.get(name) ?? []), subschema]);
    }
    for (const combinator of ['allOf', 'oneOf', 'anyOf']) {
      const branches = node[combinator];
      if (Array.isArray(branches)) for (const branch of branches) collect(branch);
    }
  };
  for (const definition of definitions) collect(definition === undefined ? schema : defs[definition]);
  cache.set(key, properties);
  return properties;
}

/** The values an enumerated property allows (its `enum`, or the `enum` of one of its `oneOf` / `anyOf` alternatives). */
function enumValues(schemas: readonly unknown[] | undefined): unknown[] {
  const values: unknown[] = [];
  const visit = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (Array.isArray(node['enum'])) values.push(...node['enum']);
    for (const combinator of ['oneOf', 'anyOf']) {
      const branches = node[combinator];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch);
    }
  };
  for (const schema of schemas ?? []) visit(schema);
  return values;
}
