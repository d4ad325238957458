import { isRecord } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { criteriaOf, workflowsOf } from '../validate/document-walk.js';

const COUNT_OF_MEMBER = /\bcount\(\s*(@[^)]*)\)/g;

/**
 * Lint (`jsonpath-count`), DECISIONS D4: in RFC 9535, `count(@.pets)` counts the
 * nodes the query selects (1 when `pets` exists, whatever its size); the number of
 * elements is `length(@.pets)`. Criteria with a Criterion Expression Type Object
 * (`type: { type: jsonpath, version: draft-goessner-dispatch-jsonpath-00 }`) are checked too.
 */
export function checkJsonPathCount(parsed: ParsedText): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const workflow of workflowsOf(parsed.data)) {
    for (const criterion of criteriaOf(workflow)) {
      const type = criterion.value['type'];
      const typeName = isRecord(type) ? type['type'] : type;
      const condition = criterion.value['condition'];
      if (typeName !== 'jsonpath' || typeof condition !== 'string') continue;
      for (const match of condition.matchAll(COUNT_OF_MEMBER)) {
        const query = match[1]!.trim();
        diagnostics.push(
          diagnosticAt(parsed, [...criterion.path, 'condition'], {
            code: 'jsonpath-count',
            severity: 'warning',
            message: `count(${query}) counts the nodes ${query} selects (1 when it exists), not its elements; use length(${query}) to count elements (D4)`,
          }),
        );
      }
    }
  }
  return diagnostics;
}
