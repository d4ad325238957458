import { isRecord, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import type { AsyncApiMessage, AsyncApiOperation, AsyncApiServer, AsyncApiSource } from './asyncapi-types.js';
import { SourceCache } from './source-cache.js';
import { referenceRefusal } from './urls.js';

export interface LoadAsyncApiSourceOptions {
  readonly signal?: AbortSignal;
  /** The load's cache: the AsyncAPI document and the files its `$ref`s name are read through it (and its read policy). */
  readonly cache?: SourceCache;
  /** Where the source description's `url` is written in the Arazzo document (`source-unreadable` and `source-not-asyncapi` are located there). */
  readonly origin?: { readonly parsed: ParsedText; readonly path: readonly PathSegment[] };
}

export interface LoadAsyncApiSourceResult {
  /** Absent when the document could not be read, is not AsyncAPI 3.x, or has errors. */
  readonly source?: AsyncApiSource;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads an AsyncAPI 3.x source description (Arazzo 1.1.0 §Source Description Object, `type: asyncapi`) with
 * `@asyncapi/parser`, loaded only here, when a document has such a source (DECISIONS D73). Every `$ref` is read
 * through Loom's cache, so offline mode, allowed hosts and DECISIONS D25 apply as for OpenAPI. The parser's errors
 * (an unresolvable `$ref` included) become `asyncapi-invalid` diagnostics at their line in the AsyncAPI file; an
 * AsyncAPI 2.x document is one `source-not-asyncapi` error (D73). Throws LoomError `LOOM_ERR_ABORTED` only when `signal` aborts.
 */
export async function loadAsyncApiSource(name: string, url: string, options: LoadAsyncApiSourceOptions = {}): Promise<LoadAsyncApiSourceResult> {
  const cache = options.cache ?? new SourceCache();
  const read = (target: string) => cache.get(target, options.signal ? { signal: options.signal } : {});
  const loaded = await read(url);
  const atOrigin = ({ code, message }: { code: string; message: string }): Diagnostic => {
    const fields = { code, severity: 'error', message: `Source description '${name}': ${message}` } as const;
    return options.origin ? diagnosticAt(options.origin.parsed, options.origin.path, fields) : { ...fields, path: '', source: url };
  };
  if (loaded.error) {
    if (loaded.error.code === 'LOOM_ERR_ABORTED') throw loaded.error;
    return { diagnostics: [atOrigin({ code: 'source-unreadable', message: loaded.error.message })] };
  }
  const parsed = loaded.parsed;
  if (parsed.data === undefined || parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics: [...parsed.diagnostics] };
  const version = isRecord(parsed.data) ? parsed.data['asyncapi'] : undefined;
  if (typeof version !== 'string' || !/^3\.\d+\.\d+/.test(version)) {
    // DECISIONS D73: AsyncAPI 2.x is not converted; the AsyncAPI CLI converts it to 3.0 faithfully enough for a person to check.
    const found = typeof version === 'string' ? `AsyncAPI ${version}; Loom reads AsyncAPI 3.x (convert it with \`asyncapi convert\` from the AsyncAPI CLI)` : "not an AsyncAPI document (no 'asyncapi' version field)";
    return { diagnostics: [atOrigin({ code: 'source-not-asyncapi', message: found })] };
  }

  const { Parser } = await import('@asyncapi/parser');
  const readRef = async (uri: { toString(): string }): Promise<string> => {
    const target = uri.toString();
    const refusal = referenceRefusal(target, parsed.uri);
    if (refusal !== undefined) throw new Error(refusal);
    const document = await read(target);
    if (document.error) throw document.error;
    return document.parsed.text;
  };
  const parser = new Parser({ __unstable: { resolver: { cache: false, resolvers: ['file', 'http', 'https'].map((schema) => ({ schema, read: readRef })) } } });
  const output = await parser.parse(parsed.text, { source: parsed.uri });
  const diagnostics: Diagnostic[] = [];
  for (const problem of output.diagnostics) {
    // Spectral severities: 0 error, 1 warning, 2 information, 3 hint. Only errors make the description unusable; the rest is the AsyncAPI linter's advice.
    if (problem.severity !== 0) continue;
    diagnostics.push(diagnosticAt(parsed, problem.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))), { code: 'asyncapi-invalid', severity: 'error', message: `AsyncAPI: ${problem.message}` }));
  }
  if (output.document === undefined || diagnostics.length > 0) return { diagnostics };

  const operations = new Map<string, AsyncApiOperation>();
  for (const operation of output.document.operations().all()) {
    const id = operation.id() ?? '';
    const channel = operation.channels().all()[0];
    const channelName = channel?.id() ?? '';
    operations.set(id, {
      operationId: id,
      action: operation.action() === 'send' ? 'send' : 'receive',
      pointer: `/operations/${escapePointer(id)}`,
      channel: {
        name: channelName,
        pointer: `/channels/${escapePointer(channelName)}`,
        address: channel?.address() ?? undefined,
        parameters: channel?.parameters().all().map((parameter) => parameter.id()) ?? [],
      },
      servers: operation.servers().all().map((server): AsyncApiServer => ({ name: server.id(), url: server.url(), protocol: server.protocol(), protocolVersion: server.protocolVersion() })),
      messages: operation.messages().all().map(
        (message): AsyncApiMessage => ({
          name: message.name() ?? message.id(),
          contentType: message.contentType(),
          payload: message.hasPayload() ? message.payload()?.json() : undefined,
          headers: message.hasHeaders() ? message.headers()?.json() : undefined,
          correlationIdLocation: message.hasCorrelationId() ? message.correlationId()?.location() : undefined,
        }),
      ),
    });
  }
  return { source: { name, url: parsed.uri, version, parsed, operations }, diagnostics };
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
