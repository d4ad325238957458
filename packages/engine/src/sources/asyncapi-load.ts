import { isRecord, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import type { AsyncApiMessage, AsyncApiOperation, AsyncApiServer, AsyncApiSource } from './asyncapi-types.js';
import { ASYNCAPI_2_VERSION, convertAsyncApi2, findUnconvertible } from './asyncapi-v2.js';
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
  /** Absent when the document could not be read, is not AsyncAPI 2.0-2.6 or 3.x, or has errors. */
  readonly source?: AsyncApiSource;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads an AsyncAPI 3.x or 2.x source description (Arazzo 1.1.0 §Source Description Object, `type: asyncapi`) with
 * `@asyncapi/parser`, loaded only here, when a document has such a source (DECISIONS D73). Every `$ref` is read
 * through Loom's cache, so offline mode, allowed hosts and DECISIONS D25 apply as for OpenAPI. The parser's errors
 * (an unresolvable `$ref` included) become `asyncapi-invalid` diagnostics at their line in the AsyncAPI file. An
 * AsyncAPI 2.0-2.6 document is checked as written, then converted to 3.0 with `@asyncapi/converter` (D111); what the
 * converter would not carry over faithfully is one `asyncapi-unconvertible` error. Throws LoomError
 * `LOOM_ERR_ABORTED` only when `signal` aborts.
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
  const isVersion2 = typeof version === 'string' && ASYNCAPI_2_VERSION.test(version);
  if (typeof version !== 'string' || !(isVersion2 || /^3\.\d+\.\d+/.test(version))) {
    const found =
      typeof version === 'string'
        ? `AsyncAPI ${version}; Loom reads AsyncAPI 2.0 to 2.6 and 3.x (convert it with \`asyncapi convert\` from the AsyncAPI CLI)`
        : "not an AsyncAPI document (no 'asyncapi' version field)";
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
  // A 2.x document is checked as it is written first, so that its errors are at their line in the user's file.
  const output = await parser.parse(parsed.text, { source: parsed.uri });
  const diagnostics: Diagnostic[] = [];
  for (const problem of output.diagnostics) {
    // Spectral severities: 0 error, 1 warning, 2 information, 3 hint. Only errors make the description unusable; the rest is the AsyncAPI linter's advice.
    if (problem.severity !== 0) continue;
    diagnostics.push(diagnosticAt(parsed, problem.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))), { code: 'asyncapi-invalid', severity: 'error', message: `AsyncAPI: ${problem.message}` }));
  }
  if (output.document === undefined || diagnostics.length > 0) return { diagnostics };
  if (!isVersion2) return { source: { name, url: parsed.uri, version, parsed, operations: indexOperations(output.document, false) }, diagnostics };

  // DECISIONS D111: AsyncAPI 2.x goes through @asyncapi/converter, unless it uses what the converter would change.
  const unconvertible = findUnconvertible(parsed.data as Record<string, unknown>);
  const refuse = (message: string, path?: readonly PathSegment[]): LoadAsyncApiSourceResult => {
    const fields = {
      code: 'asyncapi-unconvertible',
      severity: 'error',
      message: `AsyncAPI ${version}: ${message}; convert the document to 3.0 with \`asyncapi convert\` from the AsyncAPI CLI and check the result`,
    } as const;
    return { diagnostics: [path === undefined ? atOrigin(fields) : diagnosticAt(parsed, path, fields)] };
  };
  if (unconvertible !== undefined) return refuse(unconvertible.message, unconvertible.path);
  let converted: Record<string, unknown>;
  try {
    converted = await convertAsyncApi2(parsed.data as Record<string, unknown>);
  } catch (error) {
    return refuse(`@asyncapi/converter cannot convert it (${error instanceof Error ? error.message : String(error)})`);
  }
  const output3 = await parser.parse(JSON.stringify(converted), { source: parsed.uri });
  const invalid = output3.diagnostics.find((problem) => problem.severity === 0);
  if (output3.document === undefined || invalid !== undefined) {
    return refuse(`the 3.0 document @asyncapi/converter made from it is not valid (${invalid?.message ?? 'not parsed'} at #/${invalid?.path.join('/') ?? ''})`);
  }
  return { source: { name, url: parsed.uri, version, parsed, operations: indexOperations(output3.document, true) }, diagnostics };
}

/**
 * Loom's index of a parsed AsyncAPI document, by operation key (DECISIONS D73). For a document converted from 2.x
 * (D111), each operation's pointer is where the 2.x document writes it: `/channels/<address>/publish` for a send,
 * `/subscribe` for a receive.
 */
function indexOperations(document: AsyncAPIDocumentInterface, fromVersion2: boolean): Map<string, AsyncApiOperation> {
  const operations = new Map<string, AsyncApiOperation>();
  for (const operation of document.operations().all()) {
    const id = operation.id() ?? '';
    const channel = operation.channels().all()[0];
    const channelName = channel?.id() ?? '';
    const action = operation.action() === 'send' ? 'send' : 'receive';
    const channelPointer = `/channels/${escapePointer(channelName)}`;
    operations.set(id, {
      operationId: id,
      action,
      pointer: fromVersion2 ? `${channelPointer}/${action === 'send' ? 'publish' : 'subscribe'}` : `/operations/${escapePointer(id)}`,
      channel: {
        name: channelName,
        pointer: channelPointer,
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
  return operations;
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
