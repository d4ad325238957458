/// <reference path="./js-yaml-4.d.ts" />
import { CORE_SCHEMA } from 'js-yaml';
import { FAILSAFE_SCHEMA, load, Type, type LoaderState } from 'js-yaml-4';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';

/**
 * The first, fastest plain reading of a text (DECISIONS D55): js-yaml 4's loader builds the data
 * as it reads, with no list of events (js-yaml 5's event parser allocates one object per node, a
 * million for a 3 MB document, and takes about twice as long). Its checks are coarser, so it gives up
 * (`undefined`, and read-plain-data.ts reads the text with js-yaml 5's events) wherever its data
 * could differ from yaml's, or yaml could have something to say:
 * - a syntax error, a warning, a duplicate key, more than one document, an empty or null document;
 * - an anchor (so any alias too), an explicit tag, a `%YAML` or `%TAG` directive;
 * - a mapping key that is a collection or null, and a key spelt `null` (js-yaml 4 writes a null key as 'null');
 * - nesting past MAX_NESTING_DEPTH (DECISIONS D38).
 * Plain scalars resolve exactly as js-yaml 5's core schema resolves them (YAML 1.2 §10.3.2, as yaml).
 */
export function readPlainDataFast(text: string): { readonly data: unknown } | undefined {
  try {
    const data = load(text, { schema: SCHEMA, listener: checkNode, onWarning: giveUp, maxDepth: MAX_NESTING_DEPTH + 2 });
    return data === null || data === undefined ? undefined : { data };
  } catch {
    // A syntax error, or one of the checks below gave up.
    return undefined;
  }
}

/** The one implicit type: a plain scalar that js-yaml 5's core schema reads as null, a boolean or a number. */
const CORE_SCALAR_TAG = 'tag:loom,2026:core-scalar';
const coreScalar = new Type(CORE_SCALAR_TAG, {
  kind: 'scalar',
  resolve: (data, explicitTag) => {
    // Called with a tag only for an explicit `!<tag:loom,2026:core-scalar>`: a tag, so the full reading.
    if (explicitTag !== undefined) giveUp();
    return CORE_SCHEMA.resolveImplicitScalarTag(data).tag !== CORE_SCHEMA.defaultScalarTag;
  },
  construct: (data) => CORE_SCHEMA.resolveImplicitScalarTag(data).value,
});
const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [coreScalar] });

class GiveUp extends Error {}

function giveUp(): never {
  throw new GiveUp();
}

function checkNode(event: 'open' | 'close', state: LoaderState): void {
  if (event === 'open') {
    // The document's first node: the directives are read by then.
    if (state.depth === 1 && (state.version !== null || Object.keys(state.tagMap).length > 0)) giveUp();
    return;
  }
  if (state.anchor !== null) giveUp();
  // null: a collection or a quoted scalar; '?': a plain scalar read as a string.
  if (state.tag !== null && state.tag !== '?' && state.tag !== CORE_SCALAR_TAG) giveUp();
  const result = state.result;
  if (state.kind === 'scalar') {
    if (result === null && isFollowedByColon(state)) giveUp();
    return;
  }
  if (state.depth > MAX_NESTING_DEPTH || isFollowedByColon(state)) giveUp();
  if (Array.isArray(result)) {
    // A flow sequence's single pairs (`[: x]`) are mappings that no listener sees closing.
    for (const item of result) if (hasNullKey(item)) giveUp();
  } else if (hasNullKey(result)) {
    giveUp();
  }
}

function hasNullKey(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, 'null');
}

/**
 * Whether a `:` follows the node just read (past spaces, line breaks and comments): the node is a
 * mapping key, implicit or explicit (`? [a]` then `: b`). A value followed by a colon gives up too, which is only slower.
 */
function isFollowedByColon(state: LoaderState): boolean {
  const text = state.input;
  let index = state.position;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) {
      index++;
    } else if (code === 0x23) {
      while (index < text.length && text.charCodeAt(index) !== 0x0a) index++;
    } else {
      return code === 0x3a;
    }
  }
}
