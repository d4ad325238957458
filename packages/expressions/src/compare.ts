/**
 * Value rules of simple conditions: equality and ordering across types
 * (DECISIONS D2, D3, and D99 for Arazzo 1.1) and truthiness (README E3).
 */
import type { ComparisonOperator } from './ast.js';

/** README E3: undefined, null, false, 0, NaN and '' are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '' && !Number.isNaN(value);
}

const NUMERIC = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * A string that reads as a decimal number, as a number; otherwise undefined. DECISIONS D3, D99: a numeric
 * string is optional whitespace, an optional `-`, digits with an optional fraction (or a fraction alone), an
 * optional exponent, optional whitespace: no `+`, no hexadecimal, no `Infinity`, never the empty string.
 */
function numericValue(value: string): number | undefined {
  return NUMERIC.test(value) ? Number(value) : undefined;
}

/** The boolean a `'true'`/`'false'` string stands for (D3), case-insensitive (D2). */
function booleanValue(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** How a simple condition compares two values; chosen once, when the criterion is compiled. */
export type Comparator = (operator: ComparisonOperator, left: unknown, right: unknown) => boolean;

/** DECISIONS D2, D3: the comparisons of an Arazzo 1.0 condition. */
export function compareValues(operator: ComparisonOperator, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    default:
      return order(operator, left, right);
  }
}

/**
 * DECISIONS D99: the comparisons of an Arazzo 1.1 condition. Arazzo 1.1.0 §Condition Evaluation: "Numeric
 * strings SHOULD be coerced to numbers when compared with numeric operators": two numeric strings under
 * `<`, `<=`, `>`, `>=` are ordered as numbers (`'10' > '9'`); everything else is as in 1.0.
 */
export function compareValuesV11(operator: ComparisonOperator, left: unknown, right: unknown): boolean {
  if (operator !== '==' && operator !== '!=' && typeof left === 'string' && typeof right === 'string') {
    const a = numericValue(left);
    const b = a === undefined ? undefined : numericValue(right);
    if (b !== undefined) return ordered(operator, a!, b);
  }
  return compareValues(operator, left, right);
}

/** DECISIONS D3 equality. */
export function looseEquals(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null) return right === undefined || right === null;
  if (right === undefined || right === null) return false;
  const leftType = typeof left;
  const rightType = typeof right;
  if (leftType === 'string' && rightType === 'string') {
    // DECISIONS D2: case-insensitive, locale-independent (toLowerCase, not toLocaleLowerCase).
    return left === right || (left as string).toLowerCase() === (right as string).toLowerCase();
  }
  if (leftType === 'number' && rightType === 'number') return left === right;
  if (leftType === 'number' && rightType === 'string') return numericValue(right as string) === left;
  if (leftType === 'string' && rightType === 'number') return numericValue(left as string) === right;
  if (leftType === 'boolean' && rightType === 'boolean') return left === right;
  if (leftType === 'boolean' && rightType === 'string') return booleanValue(right as string) === left;
  if (leftType === 'string' && rightType === 'boolean') return booleanValue(left as string) === right;
  if (leftType === 'object' && rightType === 'object') return deepEqual(left, right);
  return false;
}

/** DECISIONS D3 ordering: two numbers (or a number and a numeric string), or two strings; anything else is false. */
function order(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  let a: number | string | undefined;
  let b: number | string | undefined;
  if (typeof left === 'number' && typeof right === 'number') {
    a = left;
    b = right;
  } else if (typeof left === 'string' && typeof right === 'string') {
    a = left.toLowerCase();
    b = right.toLowerCase();
  } else if (typeof left === 'number' && typeof right === 'string') {
    a = left;
    b = numericValue(right);
  } else if (typeof left === 'string' && typeof right === 'number') {
    a = numericValue(left);
    b = right;
  }
  if (a === undefined || b === undefined) return false;
  return ordered(operator, a, b);
}

function ordered<T extends number | string>(operator: '<' | '<=' | '>' | '>=', a: T, b: T): boolean {
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** JSON deep equality: same array items in order, same object keys and values. */
export function deepEqual(left: unknown, right: unknown): boolean {
  // An explicit stack of pairs still to compare: response bodies can be nested deeper than the call stack allows (DECISIONS D33).
  const pairs: [unknown, unknown][] = [[left, right]];
  while (pairs.length > 0) {
    const [a, b] = pairs.pop()!;
    if (a === b) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) pairs.push([a[i], b[i]]);
      continue;
    }
    if (Array.isArray(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
      pairs.push([(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]]);
    }
  }
  return true;
}
