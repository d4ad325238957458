import { isRecord, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { indexOperations } from './operation-index.js';
import { resolveRefs } from './ref-resolver.js';
import { SourceCache } from './source-cache.js';
import type { OpenApiSource } from './types.js';

export interface LoadOpenApiSourceOptions {
  readonly signal?: AbortSignal;
  /** Share one cache across the sources of one load so that each URL is read and parsed once. */
  readonly cache?: SourceCache;
  /**
   * Where the source description's `url` is written in the Arazzo document: `source-unreadable`
   * is then located there instead of at the (unreadable) OpenAPI file.
   */
  readonly origin?: { readonly parsed: ParsedText; readonly path: readonly PathSegment[] };
}

export interface LoadOpenApiSourceResult {
  /** Absent when the document could not be read, parsed, or is not OpenAPI 3.0/3.1/3.2. */
  readonly source?: OpenApiSource;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads an OpenAPI 3.0.x / 3.1.x / 3.2.x source description: reads and parses it, resolves its
 * `$ref`s (internal and other files, cycle-safe) and indexes its operations.
 * Never throws for a problem with the document or its location; those are diagnostics
 * (`source-unreadable`, `source-not-openapi`, `openapi-ref-unresolved` (a warning, DECISIONS D42, but an error past the depth bound of D39), `reference-not-allowed`
 * (DECISIONS D25: a `$ref` in a document read over http(s) to anything but http(s)),
 * `openapi-operation-id-duplicate`, `syntax`). Throws LoomError `LOOM_ERR_ABORTED` only
 * when `options.signal` aborts.
 */
export async function loadOpenApiSource(name: string, url: string, options: LoadOpenApiSourceOptions = {}): Promise<LoadOpenApiSourceResult> {
  const cache = options.cache ?? new SourceCache();
  const load = (target: string) => cache.get(target, options.signal ? { signal: options.signal } : {});
  const loaded = await load(url);
  if (loaded.error) {
    if (loaded.error.code === 'LOOM_ERR_ABORTED') throw loaded.error;
    const fields = { code: 'source-unreadable', severity: 'error', message: `Source description '${name}': ${loaded.error.message}` } as const;
    const diagnostic = options.origin ? diagnosticAt(options.origin.parsed, options.origin.path, fields) : { ...fields, path: '', source: url };
    return { diagnostics: [diagnostic] };
  }
  const parsed = loaded.parsed;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.data === undefined) return { diagnostics };

  const version = openApiVersion(name, parsed);
  if ('problem' in version) return { diagnostics: [...diagnostics, version.problem] };

  const resolved = await resolveRefs(parsed, { siblingsOverride: version.minor >= 1, load });
  diagnostics.push(...resolved.diagnostics);
  const document = resolved.document as Record<string, unknown>;
  const index = indexOperations(name, parsed.uri, document, parsed, resolved.unresolved);
  diagnostics.push(...index.diagnostics);

  const components = document['components'];
  const schemes = isRecord(components) && isRecord(components['securitySchemes']) ? components['securitySchemes'] : {};
  const securitySchemes = Object.fromEntries(Object.entries(schemes).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1])));

  return {
    source: {
      type: 'openapi',
      name,
      url: parsed.uri,
      parsed,
      openapi: version.text,
      document,
      operations: index.operations,
      operationsById: index.operationsById,
      operationsByPointer: index.operationsByPointer,
      securitySchemes,
    },
    diagnostics,
  };
}

type VersionCheck = { readonly text: string; readonly minor: 0 | 1 | 2 } | { readonly problem: Diagnostic };

/** Loom reads OpenAPI 3.0.x, 3.1.x and 3.2.x; anything else gets one clear diagnostic. */
function openApiVersion(name: string, parsed: ParsedText): VersionCheck {
  const data = parsed.data;
  const notOpenApi = (path: PathSegment[], message: string): VersionCheck => ({
    problem: diagnosticAt(parsed, path, { code: 'source-not-openapi', severity: 'error', message: `Source description '${name}': ${message}` }),
  });
  if (!isRecord(data)) return notOpenApi([], 'the document is not an OpenAPI description (not a YAML/JSON object)');
  const openapi = data['openapi'];
  if (openapi === undefined) {
    if (data['swagger'] !== undefined) {
      return notOpenApi(['swagger'], `Swagger ${String(data['swagger'])} is not supported: Loom reads OpenAPI 3.0, 3.1 and 3.2; convert the description to OpenAPI 3 first`);
    }
    if (data['arazzo'] !== undefined) return notOpenApi([], "the document is an Arazzo document, not OpenAPI: declare the source with type: arazzo");
    return notOpenApi([], "the document is not an OpenAPI description: it has no 'openapi' field");
  }
  const text = String(openapi);
  const match = /^3\.([012])\.\d+(-.+)?$/.exec(text);
  if (!match) return notOpenApi(['openapi'], `OpenAPI ${text} is not supported: Loom reads OpenAPI 3.0.x, 3.1.x and 3.2.x`);
  return { text, minor: Number(match[1]) as 0 | 1 | 2 };
}
