import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '@loom/expressions';
import { ExpressionSyntaxError, evaluateCondition, parseCondition } from '@loom/expressions';
import { evaluateNode } from '../src/evaluate.js';
import { printCondition } from '../src/printer.js';

const context: EvaluationContext = {
  statusCode: 200,
  method: 'GET',
  url: 'https://api.example.com/pets?limit=2',
  request: { headers: { accept: 'application/json' }, query: { limit: '2' }, path: { id: 7 } },
  response: {
    headers: { 'content-type': 'application/json', 'x-count': '5', 'x-flag': 'TRUE' },
    body: { count: 3, status: 'Active', active: true, items: [{ id: 1, tags: ['x', 'y'] }], empty: [], meta: null, name: "O'Brien" },
  },
  inputs: { username: 'Ada', limit: 2, user: { tags: ['a', 'b'] } },
  steps: { s: { outputs: { item: { tags: ['x', 'y'], id: 9 }, list: [1, 2, 3] } } },
};

function holds(condition: string, ctx: EvaluationContext = context): boolean {
  return evaluateCondition(parseCondition(condition), ctx);
}

describe('literals (Arazzo 1.0.1 §Criterion Object, Literals)', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['null', false],
    ['null == null', true],
    ['0', false],
    ['1', true],
    ['-1.5e2 == -150', true],
    ['0.5 < 1', true],
    ['1E3 == 1000', true],
    ["'' == ''", true],
    ["'it''s' == 'IT''S'", true],
    ["$response.body#/name == 'o''brien'", true],
    ["'a b' == 'A B'", true],
  ])('%s -> %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it("parses '' as an escaped quote", () => {
    expect(parseCondition("'it''s'").body).toMatchObject({ type: 'Literal', value: "it's" });
  });
});

describe('operators (Arazzo 1.0.1 §Criterion Object, Operators)', () => {
  it.each([
    ['$statusCode == 200', true],
    ['$statusCode != 200', false],
    ['$statusCode < 300', true],
    ['$statusCode <= 200', true],
    ['$statusCode > 200', false],
    ['$statusCode >= 200', true],
    ['!($statusCode == 200)', false],
    ['!false', true],
    ['!!true', true],
    ['$statusCode == 200 && $method == \'GET\'', true],
    ['$statusCode == 404 || $method == \'GET\'', true],
    ['$statusCode == 404 || $method == \'POST\'', false],
    ['$steps.s.outputs.item.tags[1] == \'y\'', true],
    ['$steps.s.outputs.item.tags[2] == null', true],
    ['$steps.s.outputs.item[\'id\'] == 9', true],
    ['$steps.s.outputs.list[0] == 1', true],
    ['$inputs.user.tags[0] == \'A\'', true],
    ['$response.body.items[0].tags[1] == \'Y\'', true],
    ['$steps.s.outputs.list.length == 3', true],
  ])('%s -> %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('precedence is C-like: ! > relational > equality > && > ||', () => {
  it.each([
    ['true || false && false', 'true || false && false', true],
    ['(true || false) && false', '(true || false) && false', false],
    ['false && false || true', 'false && false || true', true],
    ['!true == false', '!true == false', true],
    ['!(true == false)', '!(true == false)', true],
    ['1 < 2 == true', '1 < 2 == true', true],
    ['true == 1 < 2', 'true == 1 < 2', true],
    ['1 == 1 == true', '1 == 1 == true', true],
    ['1 == (1 == true)', '1 == (1 == true)', false],
    ['{$statusCode == 401}', '$statusCode == 401', false],
  ])('%s', (condition, printed, expected) => {
    expect(printCondition(parseCondition(condition))).toBe(printed);
    expect(holds(condition)).toBe(expected);
  });

  it('builds the expected tree for a && b || c && d', () => {
    const tree = parseCondition('$inputs.a && $inputs.b || $inputs.c && $inputs.d').body;
    expect(tree).toMatchObject({ type: 'Binary', operator: '||', left: { operator: '&&' }, right: { operator: '&&' } });
  });
});

describe('D1: a JSON Pointer in a condition ends at whitespace or a closing group', () => {
  it('D1: pointer ends at whitespace', () => {
    expect(holds('$response.body#/count > 2')).toBe(true);
    expect(parseCondition('$response.body#/count > 2').body).toMatchObject({ left: { pointer: { tokens: ['count'] } } });
  });
  it('D1: pointer ends at a ) that closes an open group', () => {
    expect(holds('($response.body#/count == 3) && ($response.body#/status == \'active\')')).toBe(true);
    expect(holds('($response.body#/items/0/tags).length == 2')).toBe(true);
  });
  it('D1: without whitespace the operator is part of the pointer', () => {
    const tree = parseCondition('$response.body#/count>2').body;
    expect(tree).toMatchObject({ type: 'Expression', pointer: { text: '/count>2' } });
  });
  it('D1: a ) with no open group stays in the pointer', () => {
    expect(parseCondition('$response.body#/a)').body).toMatchObject({ pointer: { tokens: ['a)'] } });
  });
});

describe('D2: string comparison is case-insensitive', () => {
  it.each([
    ["$response.body#/status == 'active'", true],
    ["$response.body#/status != 'ACTIVE'", false],
    ["'abc' < 'ABD'", true],
    ["'B' > 'a'", true],
    ["'b' <= 'B'", true],
    ["'İ' == 'i̇'", true],
    ['$request.header.accept == \'Application/JSON\'', true],
  ])('D2: %s -> %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('D3: comparisons across types', () => {
  it.each([
    ['$response.header.X-Count == 5', true],
    ['$response.header.x-count > 4', true],
    ["5 == ' 5 '", true],
    ["5 == '5a'", false],
    ["$request.query.limit == $inputs.limit", true],
    ['$response.header.X-Flag == true', true],
    ["false == 'False'", true],
    ["true == 'yes'", false],
    ['1 == true', false],
    ['$inputs.missing == null', true],
    ['$response.body#/meta == null', true],
    ['$inputs.missing != null', false],
    ['0 == null', false],
    ["'' == null", false],
    ['$steps.s.outputs.list == $steps.s.outputs.list', true],
    ['$response.body#/empty == $response.body#/empty', true],
    ['$steps.s.outputs.item == $steps.s.outputs.list', false],
    ['true > false', false],
    ['null < 1', false],
    ["'10' > '9'", false],
    ['$inputs.missing < 1', false],
    ['$steps.s.outputs.list > 1', false],
  ])('D3: %s -> %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('E3: truthiness of a value that is not a boolean', () => {
  const values: EvaluationContext = { inputs: { zero: 0, nan: Number.NaN, empty: '', nothing: null, no: false, text: 'x', list: [], object: {}, one: 1 } };
  it.each([
    ['$inputs.zero', false],
    ['$inputs.nan', false],
    ['$inputs.empty', false],
    ['$inputs.nothing', false],
    ['$inputs.no', false],
    ['$inputs.absent', false],
    ['$inputs.text', true],
    ['$inputs.list', true],
    ['$inputs.object', true],
    ['$inputs.one', true],
  ])('E3: %s -> %s', (condition, expected) => {
    expect(holds(condition, values)).toBe(expected);
  });
  it('E3: &&, || and ! give booleans, not their operands', () => {
    expect(evaluateNode(parseCondition('$inputs.text && $inputs.one').body, values)).toBe(true);
    expect(evaluateNode(parseCondition('$inputs.zero || $inputs.text').body, values)).toBe(true);
    expect(evaluateNode(parseCondition('$inputs.zero || $inputs.empty').body, values)).toBe(false);
    expect(evaluateNode(parseCondition('!$inputs.text').body, values)).toBe(false);
  });
});

describe('missing values', () => {
  it('a missing value is falsy and equals null, never throws', () => {
    expect(holds('$steps.nope.outputs.x')).toBe(false);
    expect(holds('$steps.nope.outputs.x == null')).toBe(true);
    expect(holds('$response.body#/nope/deeper == 1')).toBe(false);
    expect(holds('$statusCode == 200', {})).toBe(false);
    expect(holds('$inputs.username.constructor', context)).toBe(false);
    expect(holds("$inputs.username['__proto__']", context)).toBe(false);
  });
});

describe('condition syntax errors carry the column', () => {
  it.each([
    ['$statusCode = 200', 13, "'=='"],
    ['$statusCode == ', 16, 'a runtime expression, a literal'],
    ['($statusCode == 200', 20, "')' to close the group opened at column 1"],
    ['$statusCode == 200)', 19, 'unbalanced'],
    ['statusCode == 200', 1, "a runtime expression starting with '$'"],
    ["$method == 'GET", 16, "a closing '"],
    ['$statusCode == 200 & true', 20, "'&&'"],
    ['$a == 1', 2, 'an expression root'],
    ['$statusCode == 2OO', 17, 'the end of the number'],
    ['$steps.s.outputs.x[', 20, 'a 0-based index'],
    ['$steps.s.outputs.x[1', 21, "']'"],
    ['$steps.s.outputs.x[-1]', 20, 'a 0-based index'],
    ['$steps.s.outputs.x. == 1', 20, 'a property name'],
    ['$statusCode 200', 13, 'an operator'],
    ['', 1, 'a runtime expression'],
    ['-', 2, 'a digit'],
  ])('%j fails at column %i', (condition, column, expected) => {
    let error: unknown;
    try {
      parseCondition(condition);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    expect((error as ExpressionSyntaxError).column).toBe(column);
    expect((error as ExpressionSyntaxError).expected).toContain(expected);
  });
});
