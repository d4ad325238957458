/**
 * `jsonpointer` criteria of Arazzo 1.1 documents (§Expression Type Object `jsonpointer` / `rfc6901`): the
 * condition is a JSON Pointer applied to the context, read by the Selector Object's compiled pointer
 * (DECISIONS D100). The criterion holds when the pointer points at a value, `null` included, as a JSONPath
 * criterion holds when its query selects a node (DECISIONS D4, D99).
 */
import { escapePointerSegment } from '../json-pointer.js';
import { toJsonText } from '../json-text.js';
import { printExpression } from '../printer.js';
import { compileJsonPointerSelector, type SelectFunction } from '../selector.js';
import { ExpressionSyntaxError, inField } from '../errors.js';
import { missingContext, readContext } from './context-value.js';
import { missingSlot } from './jsonpath.js';
import { conditionSlots, fillSlots, slotExpressions } from './slots.js';
import type { CompiledCriterion, CriterionCompiler } from './types.js';
import { PASSED } from './types.js';

/** RFC 6901 is the one version (Arazzo 1.1.0 §Expression Type Object). */
export const RFC6901 = 'rfc6901';

/** A `{$...}` value inside a pointer is one reference token: text as it is, other values as JSON, escaped (as README E6 writes literals). */
function referenceToken(value: unknown): string {
  return escapePointerSegment(typeof value === 'string' ? value : (toJsonText(value) ?? 'null'));
}

function compilePointer(text: string): SelectFunction {
  try {
    return compileJsonPointerSelector(text);
  } catch (error) {
    throw error instanceof ExpressionSyntaxError ? inField(error, 'condition') : error;
  }
}

export const jsonPointerCriterion: CriterionCompiler = {
  versions: [RFC6901],
  compile(input, context, version, rewrite) {
    const slots = conditionSlots(input.condition, rewrite);
    let fixed: SelectFunction | undefined;
    if (slots === undefined) fixed = compilePointer(input.condition);
    // With slots, the pointer is checked now with a stand-in token for each value (a value never adds a `/`), and read per evaluation.
    else compilePointer(slots.parts.map((part) => (part.type === 'Text' ? part.value : 'x')).join(''));
    const contextText = context === undefined ? '' : printExpression(context);
    const compiled: CompiledCriterion = {
      kind: 'jsonpointer',
      version,
      condition: input.condition,
      context,
      expressions: context === undefined ? slotExpressions(slots) : [context, ...slotExpressions(slots)],
      evaluate(evaluationContext) {
        const value = readContext(context, evaluationContext);
        if (value === undefined || context === undefined) return missingContext(context!, evaluationContext);
        let select = fixed;
        if (select === undefined) {
          const filled = fillSlots(slots!, evaluationContext, referenceToken);
          if ('missing' in filled) return missingSlot(filled.missing, evaluationContext);
          select = compileJsonPointerSelector(filled.text);
        }
        // A context given as JSON text is read as JSON there, as a Selector Object's is (DECISIONS D100).
        const selection = select(value, contextText);
        return 'value' in selection ? PASSED : { passed: false, explanation: selection.missing };
      },
    };
    return compiled;
  },
};
