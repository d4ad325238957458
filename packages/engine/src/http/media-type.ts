/**
 * Media type tests shared by request encoding and response decoding (DECISIONS
 * D19, D20). Pure string work on a Content-Type value; no I/O here.
 */

/** The `type/subtype` of a Content-Type value, lower-cased, without parameters; `undefined` when absent or empty. */
export function mediaTypeEssence(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/** `application/json` and any `+json` structured syntax suffix (RFC 6839), e.g. `application/problem+json`. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const essence = mediaTypeEssence(contentType);
  return essence !== undefined && (essence === 'application/json' || essence.endsWith('+json'));
}

/** `application/xml`, `text/xml` and any `+xml` suffix, e.g. `application/soap+xml`. */
export function isXmlMediaType(contentType: string | undefined): boolean {
  const essence = mediaTypeEssence(contentType);
  return essence !== undefined && (essence === 'application/xml' || essence === 'text/xml' || essence.endsWith('+xml'));
}

/** Any `text/*` type. */
export function isTextMediaType(contentType: string | undefined): boolean {
  return mediaTypeEssence(contentType)?.startsWith('text/') ?? false;
}

/** The `charset` parameter, lower-cased, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}
