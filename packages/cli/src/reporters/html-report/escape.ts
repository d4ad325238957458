/**
 * Every value that reaches the report goes through `escapeHtml`: response bodies, headers, step ids
 * and criteria are data from documents and servers, never markup (a hostile body must stay text).
 */
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values, in HTML and in inline SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/** A fragment identifier made only of safe characters, for ids and `href="#..."`. */
export function anchorId(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
}
