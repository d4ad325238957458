/**
 * Tokens of a simple condition (Arazzo 1.0.1 §Criterion Object: literals and
 * operators). Runtime expressions are scanned whole by `scanRuntimeExpression`
 * because where they end depends on the open groups (DECISIONS D1).
 */
import type { RuntimeExpression } from './ast.js';
import { syntaxError } from './errors.js';
import { isWhitespace, scanRuntimeExpression } from './runtime-expression.js';

export enum TokenKind {
  End,
  Expression,
  Number,
  String,
  True,
  False,
  Null,
  Not,
  And,
  Or,
  Equal,
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  OpenParen,
  CloseParen,
  OpenBrace,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  Dot,
  Name,
}

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Number and String literal values, Name text. */
  readonly value?: number | string;
  /** A String written in double quotes (DECISIONS D24, D47). */
  readonly doubleQuoted?: boolean;
  readonly expression?: RuntimeExpression;
}

// JSON number grammar (Arazzo 1.0.1 §Data Types follows JSON Schema).
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NAME_DELIMITERS = '.[](){}#=!<>&|\'",$';

function isNameChar(char: string): boolean {
  return !NAME_DELIMITERS.includes(char) && !isWhitespace(char.charCodeAt(0));
}

export class Lexer {
  private pos = 0;
  private peeked: Token | undefined;
  /** Closing characters of the groups open at the current position. */
  private readonly groups: string[] = [];

  constructor(readonly input: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** Reads the property name after a `.`; call right after consuming the Dot token. */
  propertyName(): Token {
    const { input } = this;
    const start = this.pos;
    while (this.pos < input.length && isNameChar(input[this.pos] as string)) this.pos++;
    if (this.pos === start) throw syntaxError(input, start, "a property name after '.'");
    return { kind: TokenKind.Name, start, end: this.pos, value: input.slice(start, this.pos) };
  }

  private scan(): Token {
    const { input } = this;
    while (this.pos < input.length && isWhitespace(input.charCodeAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= input.length) return { kind: TokenKind.End, start, end: start };
    const char = input[start] as string;
    const next = input[start + 1];
    switch (char) {
      case '$': {
        const expression = scanRuntimeExpression(input, start, 'condition', this.groups.join(''));
        this.pos = expression.end;
        return { kind: TokenKind.Expression, start, end: this.pos, expression };
      }
      case "'":
        return this.string(start, "'");
      case '"':
        // DECISIONS D47: the spec's strings are single-quoted; real documents' double-quoted ones are read alike.
        return this.string(start, '"');
      case '(':
        this.groups.push(')');
        return this.punctuation(TokenKind.OpenParen, 1);
      case '{':
        this.groups.push('}');
        return this.punctuation(TokenKind.OpenBrace, 1);
      case ')':
      case '}': {
        const index = this.groups.lastIndexOf(char);
        if (index !== -1) this.groups.length = index;
        return this.punctuation(char === ')' ? TokenKind.CloseParen : TokenKind.CloseBrace, 1);
      }
      case '[':
        return this.punctuation(TokenKind.OpenBracket, 1);
      case ']':
        return this.punctuation(TokenKind.CloseBracket, 1);
      case '.':
        return this.punctuation(TokenKind.Dot, 1);
      case '!':
        return next === '=' ? this.punctuation(TokenKind.NotEqual, 2) : this.punctuation(TokenKind.Not, 1);
      case '=':
        if (next === '=') return this.punctuation(TokenKind.Equal, 2);
        throw syntaxError(input, start, "'==' (a single '=' is not an operator)");
      case '<':
        return next === '=' ? this.punctuation(TokenKind.LessEqual, 2) : this.punctuation(TokenKind.Less, 1);
      case '>':
        return next === '=' ? this.punctuation(TokenKind.GreaterEqual, 2) : this.punctuation(TokenKind.Greater, 1);
      case '&':
        if (next === '&') return this.punctuation(TokenKind.And, 2);
        throw syntaxError(input, start, "'&&' (a single '&' is not an operator)");
      case '|':
        if (next === '|') return this.punctuation(TokenKind.Or, 2);
        throw syntaxError(input, start, "'||' (a single '|' is not an operator)");
      default:
        break;
    }
    if (char === '-' || (char >= '0' && char <= '9')) return this.number(start);
    if (isNameChar(char)) {
      while (this.pos < input.length && isNameChar(input[this.pos] as string)) this.pos++;
      const word = input.slice(start, this.pos);
      if (word === 'true') return { kind: TokenKind.True, start, end: this.pos };
      if (word === 'false') return { kind: TokenKind.False, start, end: this.pos };
      if (word === 'null') return { kind: TokenKind.Null, start, end: this.pos };
      return { kind: TokenKind.Name, start, end: this.pos, value: word };
    }
    throw syntaxError(input, start, 'a runtime expression, a literal, an operator or a parenthesis');
  }

  private punctuation(kind: TokenKind, length: number): Token {
    const start = this.pos;
    this.pos += length;
    return { kind, start, end: this.pos };
  }

  private number(start: number): Token {
    const { input } = this;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(input);
    if (match === null) throw syntaxError(input, start + 1, 'a digit');
    const end = start + match[0].length;
    // `200abc` or `1.` is a mistake, not the number 200 followed by something else.
    if (end < input.length && (isNameChar(input[end] as string) || input[end] === '.')) {
      throw syntaxError(input, end, 'the end of the number');
    }
    this.pos = end;
    return { kind: TokenKind.Number, start, end, value: Number(match[0]) };
  }

  /**
   * Arazzo 1.0.1 §Criterion Object: strings use single quotes, `''` is a literal quote.
   * A double-quoted string (DECISIONS D47) follows the same rule with `""`.
   */
  private string(start: number, quote: "'" | '"'): Token {
    const { input } = this;
    let value = '';
    let from = start + 1;
    let index = from;
    for (;;) {
      index = input.indexOf(quote, index);
      if (index === -1) throw syntaxError(input, input.length, `a closing ${quote} for the string that starts at column ${start + 1}`);
      if (input[index + 1] === quote) {
        value += input.slice(from, index + 1);
        index += 2;
        from = index;
        continue;
      }
      value += input.slice(from, index);
      this.pos = index + 1;
      return quote === '"' ? { kind: TokenKind.String, start, end: this.pos, value, doubleQuoted: true } : { kind: TokenKind.String, start, end: this.pos, value };
    }
  }
}
