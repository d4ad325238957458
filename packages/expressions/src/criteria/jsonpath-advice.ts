/**
 * What to write instead of a JSONPath criterion that is a comparison (`$.length == 0`,
 * `$.items.length > 0`), a form other runners accept and RFC 9535 does not (DECISIONS D24).
 * Loom does not run it; the error says what a JSONPath criterion is and gives a working form.
 */
import type { RuntimeExpression } from '../ast.js';
import { printExpression } from '../printer.js';

// `$` + member names and indexes, a comparison operator, a value.
const COMPARISON = /^\s*\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*)\s*(==|!=|<=|>=|<|>)\s*(\S.*?)\s*$/s;

/** The advice for `condition`, or undefined when it is not a path compared with a value. */
export function comparisonAdvice(condition: string, context: RuntimeExpression | undefined): string | undefined {
  const match = COMPARISON.exec(condition);
  if (match === null || context === undefined) return undefined;
  const [, path = '', operator, value] = match;
  // A pointer or a header name would take in the `.x` that follows (DECISIONS D1), so the context is grouped.
  const grouped = 'pointer' in context ? context.pointer !== undefined : 'source' in context && context.source === 'header';
  const printed = printExpression(context);
  // The spec's string literals are single-quoted (DECISIONS D47); RFC 9535 takes either.
  const quoted = /^"([^"]*)"$/.exec(value!);
  const literal = quoted === null ? value : `'${quoted[1]!.replace(/'/g, "''")}'`;
  const simple = `${grouped ? `(${printed})` : printed}${path} ${operator} ${literal}`;
  let advice = `a JSONPath criterion is an RFC 9535 query, not a comparison: it holds when the query selects at least one node (DECISIONS D4). Write a simple criterion (no type, no context): condition: ${simple}`;
  const length = /^(.*)\.length$/.exec(path);
  const member = length === null ? path : length[1]!;
  // DECISIONS D4: a root filter on an object tests the object itself; on an array it would test each element, so it is shown for members only.
  if (member !== '') advice += `; or, on an object, the filter ${length === null ? `$[?@${member} ${operator} ${value}]` : `$[?length(@${member}) ${operator} ${value}]`}`;
  return advice;
}
