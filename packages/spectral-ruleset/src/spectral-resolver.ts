import { pathToFileURL } from 'node:url';
import { parseText } from '@loom/engine';
import { isRemoteUrl, readResource, referenceRefusal, type ReadResourceOptions } from '@loom/engine/internal';
import spectralRefResolver from '@stoplight/spectral-ref-resolver';

// CommonJS without named exports that Node's ESM loader can see.
const { Resolver } = spectralRefResolver;
type SpectralResolver = InstanceType<typeof Resolver>;

/** The part of urijs's URI that json-ref-resolver hands to resolvers. */
interface RefUri {
  scheme(): string;
  href(): string;
  toString(): string;
}

/** The part of json-ref-resolver's parse hook Loom looks at. */
interface ParseOptions {
  result: unknown;
  readonly targetAuthority: { toString(): string };
}
type ParseHook = (options: ParseOptions) => Promise<ParseOptions>;

/** A scheme no document uses: a `$ref` rewritten to it is refused with the reason in its path. */
const REFUSED = 'loom-refused';

/**
 * The `$ref` resolver for Spectral's pass over a linted document: it reads what Loom's loader
 * would read and nothing else. Spectral's default reads files with fs.readFile and URLs with
 * node-fetch: no size cap, no time limit, `/dev/zero` and FIFOs read, `--offline` and
 * `--allow-host` ignored, a remote document's `file:` refs followed, and YAML parsed without
 * Loom's alias and depth limits. Here:
 * - every file and URL is read through the engine's readResource with the command's options
 *   (DECISIONS D25, D36);
 * - a non-http(s) `$ref` written in a document read over http(s) is refused (D25);
 * - every text is parsed by Loom first, so a referenced alias bomb or a too-deep text (D38) is a
 *   resolve error before Spectral's own parser sees it.
 */
export function createDocumentResolver(options: ReadResourceOptions): SpectralResolver {
  const read = {
    resolve: async (ref: RefUri): Promise<string> => {
      try {
        return (await readResource(toDocumentUrl(ref), options)).text;
      } catch (error) {
        throw plainError(error instanceof Error ? error.message : String(error));
      }
    },
  };
  const inner = new Resolver({
    resolvers: {
      file: read,
      http: read,
      https: read,
      [REFUSED]: { resolve: (ref: RefUri) => Promise.reject(plainError(decodeURIComponent(ref.toString().slice(REFUSED.length + 1)))) },
    },
    transformRef: ({ ref, uri }: { ref?: RefUri; uri: RefUri }) => {
      if (ref === undefined || ref.toString().startsWith('#')) return ref;
      const target = isRemoteUrl(ref.toString()) ? ref.toString() : toDocumentUrl(ref);
      const refusal = referenceRefusal(target, uri.toString());
      if (refusal === undefined) return ref;
      return new (ref.constructor as new (text: string) => RefUri)(`${REFUSED}:${encodeURIComponent(`${ref.toString()} is not followed: ${refusal}`)}`);
    },
  } as never);
  // Spectral passes its own parse hook on every call (it parses with its parser and keeps the
  // document for positions); Loom's parse runs first and refuses what Loom would refuse.
  const resolve = inner.resolve.bind(inner);
  (inner as { resolve: (source: unknown, options?: { parseResolveResult?: ParseHook }) => unknown }).resolve = (source, resolveOptions = {}) =>
    // Nothing to resolve: the document as it is, as Spectral itself takes a document that is no object
    // (its `graph` is read only at a `$ref`). json-ref-resolver's crawl over a large document costs ~0.1 s (D55).
    hasReference(source)
      ? resolve(source, { ...resolveOptions, ...(resolveOptions.parseResolveResult ? { parseResolveResult: guarded(resolveOptions.parseResolveResult) } : {}) } as never)
      : Promise.resolve({ result: source, graph: null, errors: [], refMap: {} });
  return inner;
}

/** Whether a `$ref` key is anywhere in `value`. */
export function hasReference(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
      continue;
    }
    if (Object.hasOwn(current, '$ref')) return true;
    for (const key in current) pending.push((current as Record<string, unknown>)[key]);
  }
  return false;
}

function guarded(parse: ParseHook): ParseHook {
  return async (options) => {
    const parsed = parseText(String(options.result), options.targetAuthority.toString());
    const problem = parsed.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    if (problem) throw plainError(problem.message);
    return parse(options);
  };
}

/** json-ref-resolver reports `String(error)`; without a name that is the message alone (no "LoomError: " in a lint result). */
function plainError(message: string): Error {
  const error = new Error(message);
  error.name = '';
  return error;
}

/** json-ref-resolver writes local files as paths; the engine reads URLs. The fragment is not part of the document's URL. */
function toDocumentUrl(ref: RefUri): string {
  const text = ref.toString().split('#')[0]!;
  if (ref.scheme() === 'http' || ref.scheme() === 'https' || ref.scheme() === 'file') return text;
  return pathToFileURL(text).href;
}
