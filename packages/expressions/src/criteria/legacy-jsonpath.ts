/**
 * `draft-goessner-dispatch-jsonpath-00` (Goessner's original JSONPath) is
 * translated to RFC 9535 and run by the same engine (README E7). Goessner's
 * filters and script expressions are JavaScript; Loom never runs code, so only
 * the forms with an RFC 9535 equivalent are accepted:
 *
 * - `?(<filter>)` with `===`/`!==` rewritten to `==`/`!=` and `@.length` to `length(@)`;
 * - `(@.length-N)` as an index, rewritten to `-N`;
 * - everything else that RFC 9535 shares (`..`, `*`, slices, unions, quoted names).
 */
import { ExpressionSyntaxError } from '../errors.js';

const LAST_N = /\(\s*@\.length\s*-\s*([0-9]+)\s*\)/g;

export function translateGoessner(query: string): string {
  let text = query.replace(LAST_N, (_match, count: string) => `-${count}`);
  text = text.replace(/===/g, '==').replace(/!==/g, '!=');
  text = text.replace(/@\.length\b/g, 'length(@)');
  // A `[(` left after the rewrites is a script expression: JavaScript that Loom will not run.
  const script = /\[\s*\(/.exec(text);
  if (script !== null) {
    const offset = query.indexOf('(', query.search(/\[\s*\(/));
    throw new ExpressionSyntaxError(
      'EXPR_INVALID_JSONPATH',
      `JSONPath script expressions like '${query.slice(offset, query.indexOf(')', offset) + 1) || '(...)'}' are JavaScript, which Loom does not run; use a filter '?(...)' or an index at column ${offset + 1}`,
      { input: query, offset: Math.max(0, offset), field: 'condition' },
    );
  }
  return text;
}
