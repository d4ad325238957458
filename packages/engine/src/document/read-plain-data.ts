import { constructFromEvents, EVENT_ID, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';

/**
 * Reads a YAML or JSON text to plain data without any position (DECISIONS D55), or says that
 * the text needs yaml's full reading. yaml builds a syntax tree with positions for every node
 * (2 s for a 3 MB document); a document with nothing to report never needs one. js-yaml's
 * event parser reads the same text several times faster; this reader takes its data only where
 * both libraries read the text alike, and gives up (`undefined`) wherever yaml could report
 * something or build other data, so that parse-text.ts reads it the full way:
 * - anything js-yaml rejects: a syntax error, a duplicate key, more than one document;
 * - aliases (yaml expands them under a count limit), tags and directives (yaml warns or switches schema);
 * - a mapping key that is a collection, or null (yaml writes `null:` as the key '', js-yaml as 'null');
 * - nesting past MAX_NESTING_DEPTH (DECISIONS D38).
 * Scalars resolve by the YAML 1.2 core schema in both.
 */
export function readPlainData(text: string): { readonly data: unknown } | undefined {
  let events: Event[];
  try {
    // A little over the limit, so that a deeper text stops js-yaml early and is measured here.
    events = parseEvents(text, { maxDepth: MAX_NESTING_DEPTH + 1 });
  } catch {
    return undefined;
  }
  if (!readsAlike(events, text)) return undefined;
  try {
    const documents = constructFromEvents(events, { source: text, maxAliases: 0 });
    return documents.length === 1 ? { data: documents[0] } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether yaml would read these events' text to the same data, with no warning. */
function readsAlike(events: readonly Event[], text: string): boolean {
  // The open document and collections: whether each is a mapping, and how many nodes it holds so far.
  const open: { mapping: boolean; nodes: number }[] = [];
  let documents = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return false;
        open.push({ mapping: false, nodes: 0 });
        continue;
      case EVENT_ID.POP:
        open.pop();
        continue;
      case EVENT_ID.ALIAS:
        return false;
      default:
        break;
    }
    if (event.tagStart !== -1 || event.anchorStart !== -1) return false;
    const parent = open[open.length - 1];
    const isKey = parent !== undefined && parent.mapping && parent.nodes % 2 === 0;
    if (parent) parent.nodes++;
    if (event.type === EVENT_ID.SCALAR) {
      if (isKey && event.style === SCALAR_STYLE.PLAIN && NULL_WORDS.has(text.slice(event.valueStart, event.valueEnd))) return false;
      continue;
    }
    if (isKey) return false;
    open.push({ mapping: event.type === EVENT_ID.MAPPING, nodes: 0 });
    // The document itself is open[0].
    if (open.length - 1 > MAX_NESTING_DEPTH) return false;
  }
  return documents === 1;
}

/** YAML 1.2 core schema §10.3.2: the plain scalars that are null. */
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
