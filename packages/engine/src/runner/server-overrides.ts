import { LoomError } from '../errors.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { nearestName } from '../sources/nearest-name.js';

/**
 * The names a `servers` override may use: the OpenAPI source descriptions of the document
 * and of the `arazzo` source documents its workflows can call (an operation's requests are
 * matched to overrides by the name of its source, in whichever document declares it).
 */
export function collectOpenApiSourceNames(document: ResolvedDocument): ReadonlySet<string> {
  const names = new Set<string>();
  const visited = new Set<ResolvedDocument>();
  const visit = (current: ResolvedDocument) => {
    if (visited.has(current)) return;
    visited.add(current);
    // DECISIONS D105: `--server` names an AsyncAPI source too, for its broker.
    for (const description of current.document.sourceDescriptions) if ((description.type as string | undefined) === 'asyncapi') names.add(description.name);
    for (const [name, source] of current.sources) {
      if (source.type === 'arazzo') visit(source.resolved);
      else names.add(name);
    }
  };
  visit(document);
  return names;
}

/**
 * An override whose name matches no source used to be ignored, so the requests went to the
 * document's own (possibly production) server. Names are matched exactly, as the document
 * writes them.
 * @throws LoomError `LOOM_ERR_USAGE` naming the unknown override and the known sources.
 */
export function checkServerOverrides(servers: Readonly<Record<string, string>> | undefined, known: ReadonlySet<string>): void {
  if (servers === undefined) return;
  for (const name of Object.keys(servers)) {
    if (known.has(name)) continue;
    const near = nearestName(name, known);
    const list = [...known].join(', ') || 'none';
    throw new LoomError('LOOM_ERR_USAGE', `server override '${name}': the document has no OpenAPI source description named '${name}'${near ? `; did you mean '${near}'?` : ''} (its sources: ${list}).`);
  }
}
