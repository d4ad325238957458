import { EXPRESSION_ROOTS } from './ast.js';

/**
 * DECISIONS D22: `$` + an expression root + `.`, `#` or the end (in a template
 * also `}`) is meant as an expression; `$5.00`, `$HOME`, `$statusCodes` are not.
 * `offset` is where the `$` is.
 */
export function looksLikeExpression(text: string, offset: number, inTemplate: boolean): boolean {
  if (text.charCodeAt(offset) !== 0x24) return false;
  for (const root of EXPRESSION_ROOTS) {
    if (!text.startsWith(root, offset + 1)) continue;
    const after = offset + 1 + root.length;
    if (after === text.length) return true;
    const next = text[after];
    if (next === '.' || next === '#' || (inTemplate && next === '}')) return true;
  }
  return false;
}
