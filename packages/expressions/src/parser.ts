/**
 * Entry points that turn text into syntax trees: one runtime expression, or a
 * simple condition (recursive descent, C-like precedence:
 * `!` > `< <= > >=` > `== !=` > `&&` > `||`).
 */
import type { BinaryOperator, Condition, ConditionNode, RuntimeExpression } from './ast.js';
import { syntaxError } from './errors.js';
import { Lexer, TokenKind } from './lexer.js';
import type { Token } from './lexer.js';
import { scanRuntimeExpression } from './runtime-expression.js';

/**
 * Parses a string that is exactly one runtime expression (`$steps.login.outputs.token`).
 * @throws ExpressionSyntaxError with the column and what was expected.
 */
export function parseExpression(text: string): RuntimeExpression {
  return scanRuntimeExpression(text, 0, 'whole');
}

/**
 * Parses a simple condition (`$statusCode == 200 && $response.body#/status == 'active'`).
 * A condition wrapped in `{...}` is accepted (the spec's own Components example writes
 * `{$statusCode == 401}`; braces group like parentheses, README E2).
 * @throws ExpressionSyntaxError with the column and what was expected.
 */
export function parseCondition(text: string): Condition {
  const parser = new ConditionParser(text);
  const body = parser.or();
  const end = parser.lexer.next();
  if (end.kind !== TokenKind.End) {
    throw syntaxError(text, end.start, end.kind === TokenKind.CloseParen || end.kind === TokenKind.CloseBrace ? 'an operator or the end of the condition (unbalanced closing bracket)' : "an operator ('==', '&&', ...) or the end of the condition");
  }
  return { source: text, body };
}

const COMPARISON: Partial<Record<TokenKind, BinaryOperator>> = {
  [TokenKind.Less]: '<',
  [TokenKind.LessEqual]: '<=',
  [TokenKind.Greater]: '>',
  [TokenKind.GreaterEqual]: '>=',
};
const EQUALITY: Partial<Record<TokenKind, BinaryOperator>> = {
  [TokenKind.Equal]: '==',
  [TokenKind.NotEqual]: '!=',
};

/** Deeper nesting than this is certainly a mistake, and would otherwise exhaust the call stack. */
const MAX_DEPTH = 200;

class ConditionParser {
  readonly lexer: Lexer;
  private depth = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  or(): ConditionNode {
    let left = this.and();
    while (this.lexer.peek().kind === TokenKind.Or) {
      this.lexer.next();
      const right = this.and();
      left = { type: 'Binary', operator: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): ConditionNode {
    let left = this.equality();
    while (this.lexer.peek().kind === TokenKind.And) {
      this.lexer.next();
      const right = this.equality();
      left = { type: 'Binary', operator: '&&', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private equality(): ConditionNode {
    let left = this.relational();
    for (;;) {
      const operator = EQUALITY[this.lexer.peek().kind];
      if (operator === undefined) return left;
      this.lexer.next();
      const right = this.relational();
      left = { type: 'Binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private relational(): ConditionNode {
    let left = this.unary();
    for (;;) {
      const operator = COMPARISON[this.lexer.peek().kind];
      if (operator === undefined) return left;
      this.lexer.next();
      const right = this.unary();
      left = { type: 'Binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private unary(): ConditionNode {
    const token = this.lexer.peek();
    if (token.kind === TokenKind.Not) {
      this.lexer.next();
      this.enter(token.start);
      const operand = this.unary();
      this.depth--;
      return { type: 'Not', operand, start: token.start, end: operand.end };
    }
    return this.postfix();
  }

  private postfix(): ConditionNode {
    let object = this.primary();
    for (;;) {
      const token = this.lexer.peek();
      if (token.kind === TokenKind.Dot) {
        this.lexer.next();
        const name = this.lexer.propertyName();
        object = { type: 'Member', object, property: name.value as string, start: object.start, end: name.end };
      } else if (token.kind === TokenKind.OpenBracket) {
        this.lexer.next();
        const index = this.lexer.next();
        let value: number | string;
        if (index.kind === TokenKind.String && !index.doubleQuoted) {
          value = index.value as string;
        } else if (index.kind === TokenKind.Number && Number.isInteger(index.value) && (index.value as number) >= 0) {
          value = index.value as number;
        } else {
          throw syntaxError(this.text, index.start, "a 0-based index or a quoted property name inside '[]'");
        }
        const close = this.lexer.next();
        if (close.kind !== TokenKind.CloseBracket) throw syntaxError(this.text, close.start, "']'");
        object = { type: 'Index', object, index: value, start: object.start, end: close.end };
      } else {
        return object;
      }
    }
  }

  private primary(): ConditionNode {
    const token = this.lexer.next();
    switch (token.kind) {
      case TokenKind.Expression:
        return token.expression as RuntimeExpression;
      case TokenKind.Number:
        return { type: 'Literal', value: token.value as number, start: token.start, end: token.end };
      case TokenKind.String:
        return token.doubleQuoted
          ? { type: 'Literal', value: token.value as string, dialect: 'double-quoted', start: token.start, end: token.end }
          : { type: 'Literal', value: token.value as string, start: token.start, end: token.end };
      case TokenKind.True:
      case TokenKind.False:
        return { type: 'Literal', value: token.kind === TokenKind.True, start: token.start, end: token.end };
      case TokenKind.Null:
        return { type: 'Literal', value: null, start: token.start, end: token.end };
      case TokenKind.OpenParen:
      case TokenKind.OpenBrace:
        return this.group(token);
      case TokenKind.Name:
        throw syntaxError(this.text, token.start, "a runtime expression starting with '$', a literal (number, 'string', true, false, null), '!' or '('");
      default:
        throw syntaxError(this.text, token.start, "a runtime expression, a literal (number, 'string', true, false, null), '!' or '('");
    }
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_DEPTH) throw syntaxError(this.text, offset, `at most ${MAX_DEPTH} nested groups or '!'`);
  }

  private group(open: Token): ConditionNode {
    this.enter(open.start);
    const inner = this.or();
    this.depth--;
    const close = this.lexer.next();
    const expected = open.kind === TokenKind.OpenParen ? TokenKind.CloseParen : TokenKind.CloseBrace;
    if (close.kind !== expected) {
      throw syntaxError(this.text, close.start, `${expected === TokenKind.CloseParen ? "')'" : "'}'"} to close the group opened at column ${open.start + 1}`);
    }
    // Groups leave no node: the tree's shape already says what they grouped.
    return inner;
  }
}
