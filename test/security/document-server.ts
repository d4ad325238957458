import type { Handler } from '../../packages/engine/test/http/local-server.js';

/** What a document server answers: path -> text, path -> redirect target, paths left unanswered. */
export interface ServedDocuments {
  readonly documents: Readonly<Record<string, string>>;
  readonly redirects: Readonly<Record<string, string>>;
  readonly silent?: ReadonlySet<string>;
}

/**
 * A handler for startServer that serves YAML documents and redirects, read through `current()` on
 * each request (tests replace them between cases); `fill` puts URLs known only at run time into
 * the text and the redirect targets.
 */
export function serveDocuments(current: () => ServedDocuments, fill: (text: string) => string): Handler {
  return (request, response) => {
    const { documents, redirects, silent } = current();
    const path = request.url.split('?')[0]!;
    if (silent?.has(path)) return;
    const redirect = redirects[path];
    if (redirect !== undefined) {
      response.writeHead(302, { location: fill(redirect) });
      response.end();
      return;
    }
    const text = documents[path];
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
    response.end(text === undefined ? '' : fill(text));
  };
}
