/**
 * Where a parsed string uses a dialect form (DECISIONS D24) and the spec form that
 * replaces it: the data behind the engine's dialect warnings and fixes, and
 * the advice for forms Loom explains but does not accept.
 */
import type { ConditionNode, DialectForm, RuntimeExpression } from './ast.js';
import type { ExpressionFix } from './errors.js';
import { printCondition, printExpression } from './printer.js';

/** One use of a dialect form (DECISIONS D24) in a parsed text, and the spec form to write instead. */
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

/**
 * Respect's `$inputs.env.X` reads an environment variable; Arazzo has no such input and
 * Loom reads no environment by itself (DECISIONS D24): say how a value gets in.
 */
export function environmentAdvice(name: string): string {
  if (!name.startsWith('env.') || name.length === 4) return '';
  const variable = name.slice(4);
  return `. Loom reads no environment through $inputs.env: declare an input ${variable} in the workflow's inputs, read it as $inputs.${variable}, and pass the value with loom run --input ${variable}="$${variable}" (the shell reads the environment variable) or in an --inputs file`;
}

/** The text with a fix applied. */
export function applyFix(text: string, fix: ExpressionFix): string {
  return text.slice(0, fix.start) + fix.text + text.slice(fix.end);
}
