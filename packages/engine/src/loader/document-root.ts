import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';

import type { ArazzoVersion } from '../validate/schema-validator.js';

/** Arazzo 1.1.0 §Versions: tooling ignores the patch; Loom reads every 1.0.x and 1.1.x (DECISIONS D72). */
const SUPPORTED_VERSIONS: readonly (readonly [ArazzoVersion, RegExp])[] = [
  ['1.0', /^1\.0\.\d+(-.+)?$/],
  ['1.1', /^1\.1\.\d+(-.+)?$/],
];

/** The Arazzo version (major.minor) a document's `arazzo` field names, when Loom reads it. */
export function arazzoVersionOf(data: unknown): ArazzoVersion | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const version = (data as Record<string, unknown>)['arazzo'];
  if (typeof version !== 'string') return undefined;
  return SUPPORTED_VERSIONS.find(([, pattern]) => pattern.test(version))?.[0];
}

/**
 * The checks that decide whether a text is an Arazzo document Loom can read at
 * all: it parsed, its root is an object, and `arazzo` says 1.0.x or 1.1.x. Each failure is
 * one clear diagnostic; after one, nothing else is checked.
 */
export function checkDocumentRoot(parsed: ParsedText): Diagnostic[] {
  // Syntax errors are in parsed.diagnostics already; a text that did not parse has nothing more to say.
  if (parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return [];
  const data = parsed.data;
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    const found = data === undefined || data === null ? 'empty' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    return [diagnosticAt(parsed, [], { code: 'document-root', severity: 'error', message: `An Arazzo document must be an object (a YAML mapping or JSON object); this one is ${found}.` })];
  }
  const record = data as Record<string, unknown>;
  const version = record['arazzo'];
  if (version === undefined) {
    const openapi = record['openapi'] ?? record['swagger'];
    const hint = openapi === undefined ? '' : ` It looks like an OpenAPI description (openapi: ${String(openapi)}); pass the Arazzo document that uses it.`;
    return [diagnosticAt(parsed, [], { code: 'arazzo-version', severity: 'error', message: `This is not an Arazzo document: it has no 'arazzo' field.${hint}` })];
  }
  if (typeof version !== 'string') {
    return [diagnosticAt(parsed, ['arazzo'], { code: 'arazzo-version', severity: 'error', message: `'arazzo' must be a version string such as '1.0.1' (quote it in YAML), not ${JSON.stringify(version)}.` })];
  }
  if (arazzoVersionOf(record) === undefined) {
    return [diagnosticAt(parsed, ['arazzo'], { code: 'arazzo-version', severity: 'error', message: `Loom reads Arazzo 1.0.x and 1.1.x documents; this one is 'arazzo: ${version}'.` })];
  }
  return [];
}
