import { isAbsolute, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LoomError } from '../errors.js';

/**
 * Document locations are absolute URL strings inside Loom: `file:` for local files,
 * `http(s):` for remote ones. Users type paths; messages show paths again.
 */

/** A scheme of two or more letters, so that a Windows drive (`C:\x`) still reads as a path. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/**
 * Turns what a user typed (a path or a URL) into an absolute URL string:
 * a path becomes a `file:` URL resolved against `cwd`, a URL is kept (normalised).
 * @throws LoomError `LOOM_ERR_READ` when a URL-looking string does not parse.
 */
export function toDocumentUrl(pathOrUrl: string, cwd: string = process.cwd()): string {
  if (URL_SCHEME.test(pathOrUrl)) return parseUrl(pathOrUrl).href;
  return pathToFileURL(resolvePath(cwd, pathOrUrl)).href;
}

/**
 * RFC 3986 §5 reference resolution against a document URL (Arazzo 1.0.1 §Relative
 * References in URLs: relative references resolve against the referring document).
 * Works the same for `file:` and `http(s):` bases.
 * @throws LoomError `LOOM_ERR_READ` when the result is not a valid URL.
 */
export function resolveUrl(reference: string, baseUrl: string): string {
  return parseUrl(reference, baseUrl).href;
}

/** An http(s) URL: a document read from one is remote. */
export function isRemoteUrl(url: string): boolean {
  return /^https?:/i.test(url);
}

/**
 * DECISIONS D25: a document read over http(s) may only reference http(s) resources; `file:`
 * (or any other scheme) is reachable from local documents only, the rule browsers and JSON
 * Schema `$ref` loaders follow. Without it a remote document could pull local files (keys,
 * tokens) into the values Loom sends. Checked for every URL a document names: source
 * descriptions, `$ref`s (after resolution against the referring document) and redirects.
 * @returns Why `target` may not be read on behalf of the document at `referrer`; `undefined` when it may.
 */
export function referenceRefusal(target: string, referrer: string): string | undefined {
  if (!isRemoteUrl(referrer) || isRemoteUrl(target)) return undefined;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(target)?.[0] ?? target;
  return `a document read over http(s) may only reference http(s) resources, not ${scheme} URLs`;
}

/**
 * A URL as shown in messages: a `file:` URL inside `cwd` becomes a relative path,
 * other `file:` URLs an absolute path, and a password in an http(s) URL is masked
 * (DECISIONS D21). The fragment, if any, is kept.
 */
export function displayUrl(url: string, cwd: string = process.cwd()): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const fragment = parsed.hash;
  if (parsed.protocol === 'file:') {
    parsed.hash = '';
    let path: string;
    try {
      path = fileURLToPath(parsed);
    } catch {
      return url;
    }
    const fromCwd = relative(cwd, path);
    const inside = fromCwd !== '' && !fromCwd.startsWith('..' + sep) && fromCwd !== '..' && !isAbsolute(fromCwd);
    return (inside ? fromCwd : path) + decodeFragment(fragment);
  }
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}

/** Splits a URL at its fragment: the document URL (no `#`) and the fragment (without `#`, still encoded). */
export function splitFragment(url: string): { documentUrl: string; fragment: string | undefined } {
  const hash = url.indexOf('#');
  if (hash < 0) return { documentUrl: url, fragment: undefined };
  return { documentUrl: url.slice(0, hash), fragment: url.slice(hash + 1) };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function parseUrl(reference: string, base?: string): URL {
  try {
    return new URL(reference, base);
  } catch (cause) {
    const where = base === undefined ? '' : ` against ${displayUrl(base)}`;
    throw new LoomError('LOOM_ERR_READ', `cannot resolve '${reference}'${where}: not a valid URL`, { cause });
  }
}
