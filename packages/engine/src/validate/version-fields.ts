import { ARAZZO_1_1_ADDITIONS } from './arazzo-1.1-additions.generated.js';
import type { ArazzoVersion } from './schema-validator.js';

/**
 * What a later Arazzo version added (DECISIONS D72): a field of an object, or a value of an enumerated
 * field, that the later schema has and the earlier one has not. The table is derived from the two schemas
 * when the validators are generated (scripts/generate-schema-validator.mjs), so it cannot drift from them.
 */
const LATER: Readonly<Partial<Record<ArazzoVersion, { readonly version: ArazzoVersion; readonly additions: typeof ARAZZO_1_1_ADDITIONS }>>> = {
  '1.0': { version: '1.1', additions: ARAZZO_1_1_ADDITIONS },
};

/**
 * The later version that introduced `property` of the object `definition` describes (a `$defs` name of
 * `version`'s schema; undefined: the document root), or, with `value`, that introduced `value` for that
 * enumerated property. Undefined when no later version has it.
 */
export function introducedInLaterVersion(version: ArazzoVersion, definition: string | undefined, property: string, value?: unknown): ArazzoVersion | undefined {
  const later = LATER[version];
  const added = later?.additions[definition ?? ''];
  if (later === undefined || added === undefined) return undefined;
  if (value === undefined) return added.fields.includes(property) ? later.version : undefined;
  return added.values[property]?.includes(value) ? later.version : undefined;
}
