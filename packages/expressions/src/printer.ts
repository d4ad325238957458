/**
 * Prints syntax trees back to text. `parse(print(tree))` gives the same tree
 * (tested with fast-check), so printed forms are safe to show users and to store.
 */
import type { Condition, ConditionNode, RuntimeExpression, Template } from './ast.js';

export function printExpression(expression: RuntimeExpression): string {
  switch (expression.root) {
    case 'url':
    case 'method':
    case 'statusCode':
    case 'self':
      return `$${expression.root}`;
    case 'request':
    case 'response':
      if (expression.source === 'header') return `$${expression.root}.header.${expression.rawName}`;
      if (expression.source === 'body') return `$${expression.root}.body${pointerSuffix(expression.pointer)}`;
      return `$${expression.root}.${expression.source}.${expression.name}`;
    case 'inputs':
    case 'outputs':
      return `$${expression.root}.${expression.name}${pointerSuffix(expression.pointer)}`;
    case 'steps':
      return `$steps.${expression.stepId}.outputs.${expression.name}${pointerSuffix(expression.pointer)}`;
    case 'workflows':
      return `$workflows.${expression.workflowId}.${expression.field}.${expression.name}${pointerSuffix(expression.pointer)}`;
    case 'sourceDescriptions':
      return `$sourceDescriptions.${expression.sourceName}${expression.member === undefined ? '' : '.' + expression.member}`;
    case 'components':
      return `$components.${expression.section}.${expression.name}${pointerSuffix(expression.pointer)}`;
    case 'message':
      return expression.source === 'header' ? `$message.header.${expression.name}` : `$message.payload${pointerSuffix(expression.pointer)}`;
  }
}

function pointerSuffix(pointer: { readonly text: string } | undefined): string {
  return pointer === undefined ? '' : '#' + pointer.text;
}

export function printTemplate(template: Template): string {
  let text = '';
  for (const part of template.parts) text += part.type === 'Text' ? part.value : `{${printExpression(part.expression)}}`;
  return text;
}

const PRECEDENCE = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 } as const;
const UNARY = 5;
const POSTFIX = 6;
const PRIMARY = 7;

function precedenceOf(node: ConditionNode): number {
  switch (node.type) {
    case 'Binary':
      return PRECEDENCE[node.operator];
    case 'Not':
      return UNARY;
    case 'Member':
    case 'Index':
      return POSTFIX;
    default:
      return PRIMARY;
  }
}

/** Prints a condition with single spaces around binary operators and only the parentheses it needs. */
export function printCondition(condition: Condition | ConditionNode): string {
  return printNode('body' in condition ? condition.body : condition, 0);
}

function printNode(node: ConditionNode, minimum: number): string {
  const text = printBare(node);
  return precedenceOf(node) < minimum ? `(${text})` : text;
}

function printBare(node: ConditionNode): string {
  switch (node.type) {
    case 'Literal':
      return printLiteral(node.value);
    case 'Expression':
      return printExpression(node);
    case 'Not':
      return '!' + printNode(node.operand, UNARY);
    case 'Binary': {
      const precedence = PRECEDENCE[node.operator];
      // Left-associative: the right operand needs parentheses at equal precedence.
      return `${printNode(node.left, precedence)} ${node.operator} ${printNode(node.right, precedence + 1)}`;
    }
    case 'Member':
      return `${printObject(node.object)}.${node.property}`;
    case 'Index':
      return `${printObject(node.object)}[${typeof node.index === 'number' ? String(node.index) : printLiteral(node.index)}]`;
  }
}

/**
 * A header token or a JSON Pointer would swallow a following `.x` or `[0]`, so
 * such an expression is parenthesised; the `)` then ends it (DECISIONS D1). So is a number.
 */
function printObject(node: ConditionNode): string {
  // `1.a` would read as a malformed number.
  if (node.type === 'Literal' && typeof node.value === 'number') return `(${printLiteral(node.value)})`;
  if (node.type === 'Expression' && ('pointer' in node ? node.pointer !== undefined : 'source' in node && node.source === 'header')) {
    return `(${printExpression(node)})`;
  }
  return printNode(node, POSTFIX);
}

function printLiteral(value: null | boolean | number | string): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return String(value);
}
