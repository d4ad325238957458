import { parseText, readResource, toDocumentUrl } from '@loom/engine';
import spectralRefResolver from '@stoplight/spectral-ref-resolver';

// CommonJS without named exports that Node's ESM loader can see.
const { Resolver } = spectralRefResolver;
type SpectralResolver = InstanceType<typeof Resolver>;

/** The part of json-ref-resolver's parse hook Loom looks at. */
interface ParseOptions {
  result: unknown;
  readonly targetAuthority: { toString(): string };
}
type ParseHook = (options: ParseOptions) => Promise<ParseOptions>;

/**
 * The `$ref` resolver Spectral uses in `loom lint`: it reads what Loom's loader would read and
 * nothing else. Files and http(s) URLs are read by the engine's readResource (regular files
 * only, the size cap, timeouts: DECISIONS D25); json-ref-resolver resolves every ref in a
 * remote document against its URL, so that one reaches no local file; and every text is
 * parsed by Loom first, so a referenced alias bomb or a
 * too-deep text (D38) is a resolve error before Spectral's own parser sees it.
 */
export function createLintResolver(): SpectralResolver {
  const read = {
    resolve: async (ref: { toString(): string }) => {
      try {
        // json-ref-resolver names files by path and the rest by URL.
        return (await readResource(toDocumentUrl(ref.toString()))).text;
      } catch (error) {
        // Spectral prints String(error): the message alone, without the class name.
        throw new Error(error instanceof Error ? error.message : String(error));
      }
    },
  };
  const inner = new Resolver({
    resolvers: { file: read, http: read, https: read },
  } as never);
  // Spectral passes its own parse hook on every call (it parses with its parser and keeps the
  // document for positions); Loom's parse runs first and refuses what Loom would refuse.
  const resolve = inner.resolve.bind(inner);
  (inner as { resolve: (source: unknown, options?: { parseResolveResult?: ParseHook }) => unknown }).resolve = (source, options = {}) =>
    resolve(source, { ...options, ...(options.parseResolveResult ? { parseResolveResult: guarded(options.parseResolveResult) } : {}) } as never);
  return inner;
}

function guarded(parse: ParseHook): ParseHook {
  return async (options) => {
    const url = options.targetAuthority.toString();
    const parsed = parseText(String(options.result), url);
    const problem = parsed.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    if (problem) throw new Error(problem.message);
    return parse(options);
  };
}
