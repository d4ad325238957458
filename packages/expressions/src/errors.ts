/**
 * The one exception type of `@loom/expressions`. It is thrown for text that is
 * not a valid expression, condition, template or criterion; callers that check
 * documents turn it into data (the engine's expression check).
 */
export type ExpressionErrorCode =
  /** The text does not follow the runtime-expression ABNF or the condition grammar. */
  | 'EXPR_SYNTAX'
  /** A criterion `type` (or Criterion Expression Type `version`) that Loom does not know. */
  | 'EXPR_UNKNOWN_TYPE'
  /** A regex, jsonpath or xpath criterion without the `context` the spec requires. */
  | 'EXPR_MISSING_CONTEXT'
  /** A regex criterion whose pattern is not a valid ECMAScript regular expression, or needs what a linear-time engine cannot do (DECISIONS D34). */
  | 'EXPR_INVALID_REGEX'
  /** A jsonpath criterion whose query is not valid for its JSONPath version. */
  | 'EXPR_INVALID_JSONPATH'
  /** An xpath criterion whose expression is not valid XPath. */
  | 'EXPR_INVALID_XPATH'
  /** `$steps.<stepId>.<name>` without `.outputs.` (DECISIONS D24); the error carries the corrected expression as a fix when it parses. */
  | 'EXPR_MISSING_OUTPUTS';

/**
 * A certain correction: replace characters `start`..`end` (0-based, end exclusive)
 * of the text that was parsed with `text`.
 */
export interface ExpressionFix {
  readonly description: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where an {@link ExpressionSyntaxError} is, and what was expected there. */
export interface ExpressionSyntaxErrorDetails {
  /** The text that was being parsed. */
  readonly input: string;
  /** 0-based offset of the problem inside `input`. */
  readonly offset: number;
  /** What the parser expected at `offset` (e.g. `"'.' after $steps.<stepId>"`), when known. */
  readonly expected?: string;
  /** For criteria: the Criterion Object field the problem is in. */
  readonly field?: CriterionField;
  /** The correction, in offsets of `input`, when there is one. */
  readonly fix?: ExpressionFix;
}

/** A field of a Criterion Object. */
export type CriterionField = 'condition' | 'context' | 'type';

/** Text that is not a valid expression, condition, template or criterion: `code` says what, `column` where. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  readonly code: ExpressionErrorCode;
  readonly input: string;
  readonly offset: number;
  /** 1-based column inside `input` (counted in UTF-16 code units, as editors do). */
  readonly column: number;
  readonly expected: string | undefined;
  readonly field: CriterionField | undefined;
  readonly fix: ExpressionFix | undefined;

  constructor(code: ExpressionErrorCode, message: string, details: ExpressionSyntaxErrorDetails) {
    super(message);
    this.code = code;
    this.input = details.input;
    this.offset = details.offset;
    this.column = details.offset + 1;
    this.expected = details.expected;
    this.field = details.field;
    this.fix = details.fix;
  }
}

/** True for an {@link ExpressionSyntaxError}. */
export function isExpressionSyntaxError(value: unknown): value is ExpressionSyntaxError {
  return value instanceof ExpressionSyntaxError;
}

/** Describes the character at `offset` for messages: `'x'`, or `end of input`. */
export function describeFound(input: string, offset: number): string {
  if (offset >= input.length) return 'end of input';
  const codePoint = input.codePointAt(offset) ?? 0;
  const char = String.fromCodePoint(codePoint);
  if (/\s/.test(char)) return codePoint === 0x20 ? 'a space' : `whitespace U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${char}'`;
}

/** Builds the standard "expected X but found Y at column N" syntax error. */
export function syntaxError(input: string, offset: number, expected: string): ExpressionSyntaxError {
  return new ExpressionSyntaxError(
    'EXPR_SYNTAX',
    `expected ${expected} but found ${describeFound(input, offset)} at column ${offset + 1}`,
    { input, offset, expected },
  );
}

/** The same error, marked as coming from a Criterion Object field. */
export function inField(error: ExpressionSyntaxError, field: CriterionField): ExpressionSyntaxError {
  return new ExpressionSyntaxError(error.code, error.message, {
    input: error.input,
    offset: error.offset,
    ...(error.expected === undefined ? {} : { expected: error.expected }),
    ...(error.fix === undefined ? {} : { fix: error.fix }),
    field,
  });
}
