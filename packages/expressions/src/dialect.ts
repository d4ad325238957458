/**
 * Where a parsed string uses a dialect form (DECISIONS D24) and the spec form that
 * replaces it: the data behind the warnings and fixes of `validateExpressions`.
 */
import type { ConditionNode, DialectForm, RuntimeExpression } from './ast.js';
import { printCondition, printExpression } from './printer.js';

export interface DialectUse {
  readonly form: DialectForm;
  /** Offsets of the form in the text that was parsed (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** The spec form to write instead. */
  readonly text: string;
}

/** The use of a dialect form by one expression, if it is written in one. */
export function expressionDialect(expression: RuntimeExpression): DialectUse | undefined {
  return expression.dialect === undefined ? undefined : { form: expression.dialect, start: expression.start, end: expression.end, text: printExpression(expression) };
}

/** The double-quoted literals of a condition, left to right (its expressions are reported one by one). */
export function conditionDialect(node: ConditionNode, into: DialectUse[] = []): DialectUse[] {
  switch (node.type) {
    case 'Literal':
      if (node.dialect !== undefined) into.push({ form: node.dialect, start: node.start, end: node.end, text: printCondition(node) });
      break;
    case 'Binary':
      conditionDialect(node.left, into);
      conditionDialect(node.right, into);
      break;
    case 'Not':
      conditionDialect(node.operand, into);
      break;
    case 'Member':
    case 'Index':
      conditionDialect(node.object, into);
      break;
    case 'Expression':
      break;
  }
  return into;
}

/** The warning's words for a dialect form: what Arazzo writes instead. */
export function dialectMessage(use: DialectUse, written: string): string {
  switch (use.form) {
    case 'dot-path':
      return `${written}: Arazzo reads inside a value with a JSON Pointer after '#', not with '.'; write ${use.text} (Loom reads it so)`;
    case 'double-quoted':
      return `${written}: Arazzo string literals use single quotes, with '' for a quote inside; write ${use.text} (Loom reads it so)`;
  }
}
