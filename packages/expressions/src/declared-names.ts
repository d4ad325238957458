/**
 * Dotted names after a value that holds data (DECISIONS D24, D46). The grammar lets
 * an input, output or component name contain `.`, so `$inputs.user.email` names the
 * input `user.email`; real documents mean the member `email` of the input `user`.
 * Which one it is depends on the names the document declares, so the rewrite is
 * made where they are known (the engine, which reads the document, gives the scope),
 * once per expression, never per evaluation.
 */
import type { ConditionNode, MemberNode, RuntimeExpression } from './ast.js';
import { pointerFromTokens } from './json-pointer.js';

/**
 * What an expression written at one place of a document may name. The package knows
 * the expression language only; whoever reads a document (the engine) says which names
 * it declares where.
 */
export interface NameScope {
  /** The names `expression`'s root declares at this place, or undefined when they are not known. */
  declaredNames(expression: RuntimeExpression): ReadonlySet<string> | undefined;
}

/**
 * Rewrites one parsed expression; `compileValue` and `compileCriterion` apply it to every
 * expression they compile. `scope`, when set, also lets a simple condition join a
 * dereference back into a declared dotted name.
 */
export interface ExpressionRewrite {
  (expression: RuntimeExpression): RuntimeExpression;
  readonly scope?: NameScope;
}

/**
 * DECISIONS D46: a dotted name that is not itself declared is the longest declared
 * name before one of its dots, followed by the rest as a JSON Pointer
 * (`$inputs.user.email` -> `$inputs.user#/email`), marked as the `dot-path` dialect.
 * A declared name, or one whose scope declares no list of names, stays as written.
 */
export function resolveDottedName(expression: RuntimeExpression, scope: NameScope): RuntimeExpression {
  // Names with a pointer after them: inputs, outputs, steps, workflows, components.
  if (expression.root === 'message' || !('name' in expression) || !('pointer' in expression)) return expression;
  const { name } = expression;
  if (!name.includes('.')) return expression;
  const declared = scope.declaredNames(expression);
  if (declared === undefined || declared.has(name)) return expression;
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
    const prefix = name.slice(0, dot);
    if (!declared.has(prefix)) continue;
    const rest = name.slice(dot + 1).split('.');
    // `a..b` or a trailing dot is no path; it stays an unknown name.
    if (rest.includes('')) return expression;
    const pointer = pointerFromTokens([...rest, ...(expression.pointer?.tokens ?? [])]);
    return { ...expression, name: prefix, pointer, dialect: 'dot-path' };
  }
  return expression;
}

/** `resolveDottedName` bound to one scope. */
export function dottedNameRewrite(scope: NameScope): ExpressionRewrite {
  return Object.assign((expression: RuntimeExpression) => resolveDottedName(expression, scope), { scope });
}

/**
 * DECISIONS D46 in a simple condition, where `.` is the spec's dereference: `$inputs.user.email`
 * is parsed as the member `email` of `$inputs.user`, and is the input `user.email` when that
 * name is declared (the longest declared name wins).
 */
export function joinDeclaredNames(node: ConditionNode, scope: NameScope): ConditionNode {
  switch (node.type) {
    case 'Binary':
      return { ...node, left: joinDeclaredNames(node.left, scope), right: joinDeclaredNames(node.right, scope) };
    case 'Not':
      return { ...node, operand: joinDeclaredNames(node.operand, scope) };
    case 'Index':
      return { ...node, object: joinDeclaredNames(node.object, scope) };
    case 'Member':
      return joinMembers(node, scope);
    default:
      return node;
  }
}

function joinMembers(node: MemberNode, scope: NameScope): ConditionNode {
  const members: MemberNode[] = [];
  let base: ConditionNode = node;
  while (base.type === 'Member') {
    members.unshift(base);
    base = base.object;
  }
  if (base.type !== 'Expression') return { ...node, object: joinDeclaredNames(node.object, scope) };
  if (base.root === 'message' || !('name' in base) || !('pointer' in base) || base.pointer !== undefined) return node;
  const declared = scope.declaredNames(base);
  if (declared === undefined) return node;
  let joined = -1;
  let name = base.name;
  for (let index = 0; index < members.length; index++) {
    name += `.${members[index]!.property}`;
    if (declared.has(name)) joined = index;
  }
  if (joined === -1) return node;
  const names = [base.name, ...members.slice(0, joined + 1).map((member) => member.property)];
  let result: ConditionNode = { ...base, name: names.join('.'), end: members[joined]!.end };
  for (const member of members.slice(joined + 1)) result = { ...member, object: result };
  return result;
}
