import { pathToFileURL } from 'node:url';
import { isRemoteUrl, readResource, referenceRefusal, type ReadResourceOptions } from '@loom/engine';
import { Resolver } from '@stoplight/spectral-ref-resolver';

/** The part of urijs's URI that json-ref-resolver hands to resolvers. */
interface RefUri {
  scheme(): string;
  href(): string;
  toString(): string;
}

/** A scheme no document uses: a `$ref` rewritten to it is refused with the reason in its path. */
const REFUSED = 'loom-refused';

/**
 * The `$ref` resolver for Spectral's pass over a linted document. Spectral's default reads files
 * with fs.readFile and URLs with node-fetch: no size cap, no time limit, `/dev/zero` and FIFOs
 * read, `--offline` and `--allow-host` ignored, and a remote document's `file:` refs followed.
 * This one reads through the engine's readResource with the command's options (DECISIONS D25,
 * D36), and refuses a non-http(s) `$ref` written in a document read over http(s) (D25).
 */
export function createDocumentResolver(options: ReadResourceOptions): Resolver {
  const read = async (ref: RefUri): Promise<string> => {
    try {
      return (await readResource(toDocumentUrl(ref), options)).text;
    } catch (error) {
      throw plainError(error instanceof Error ? error.message : String(error));
    }
  };
  return new Resolver({
    resolvers: {
      file: { resolve: read },
      http: { resolve: read },
      https: { resolve: read },
      [REFUSED]: { resolve: (ref: RefUri) => Promise.reject(plainError(decodeURIComponent(ref.toString().slice(REFUSED.length + 1)))) },
    },
    transformRef: ({ ref, uri }: { ref?: RefUri; uri: RefUri }) => {
      if (ref === undefined || ref.toString().startsWith('#')) return ref;
      const target = isRemoteUrl(ref.toString()) ? ref.toString() : toDocumentUrl(ref);
      const refusal = referenceRefusal(target, uri.toString());
      if (refusal === undefined) return ref;
      return new (ref.constructor as new (text: string) => RefUri)(`${REFUSED}:${encodeURIComponent(`${ref.toString()} is not followed: ${refusal}`)}`);
    },
  } as ConstructorParameters<typeof Resolver>[0]);
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
