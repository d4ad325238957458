/**
 * Recursive-descent parser for one Arazzo runtime expression (Arazzo 1.0.1
 * §Runtime Expressions, the ABNF). Where an expression ends depends on where it
 * is written, so the caller names a mode:
 *
 * - `whole`: the expression is the whole string; names and pointers run to the end
 *   (a name stops at `#` or whitespace).
 * - `template`: inside `{...}`; names and pointers stop at `}`.
 * - `condition`: inside a simple condition; names stop at operators, brackets and
 *   `.` (which is then a property dereference), and a JSON Pointer stops at
 *   whitespace or at a `)` / `}` that closes an open group (DECISIONS D1).
 */
import type { ComponentSection, JsonPointer, RuntimeExpression } from './ast.js';
import { EXPRESSION_ROOTS } from './ast.js';
import { ExpressionSyntaxError, syntaxError } from './errors.js';
import { makePointer, pointerFromTokens } from './json-pointer.js';

export type ScanMode = 'whole' | 'template' | 'condition';

const ROOT_LIST = EXPRESSION_ROOTS.map((root) => `$${root}`).join(', ');
const COMPONENT_SECTIONS: readonly ComponentSection[] = ['inputs', 'parameters', 'successActions', 'failureActions'];

// RFC 9110 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
function isTokenChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x21 || (code >= 0x23 && code <= 0x27) || code === 0x2a || code === 0x2b ||
    code === 0x2d || code === 0x2e || code === 0x5e || code === 0x5f || code === 0x60 || code === 0x7c || code === 0x7e
  );
}

export function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/** Characters that end a name inside a condition: operators, brackets, quotes, `.` and `#`. */
const CONDITION_DELIMITERS = new Set(Array.from('.[](){}#=!<>&|\'",', (char) => char.charCodeAt(0)));

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Parses the runtime expression that starts at `start` (a `$`) and returns it;
 * `node.end` is the offset just after it. In `whole` mode the expression must
 * reach the end of `input`. `closers` lists the characters that close a group
 * open around the expression (condition mode only).
 */
export function scanRuntimeExpression(input: string, start: number, mode: ScanMode, closers = ''): RuntimeExpression {
  const scanner = new ExpressionScanner(input, start, mode, closers);
  const node = scanner.expression();
  if (mode === 'whole' && node.end !== input.length) throw syntaxError(input, node.end, 'end of expression');
  return node;
}

class ExpressionScanner {
  private pos: number;

  constructor(
    private readonly input: string,
    private readonly start: number,
    private readonly mode: ScanMode,
    private readonly closers: string,
  ) {
    this.pos = start;
  }

  expression(): RuntimeExpression {
    const { input, start } = this;
    if (input.charCodeAt(this.pos) !== 0x24) throw syntaxError(input, this.pos, "'$' to start a runtime expression");
    this.pos++;
    const rootStart = this.pos;
    const root = this.word();
    const type = 'Expression' as const;
    switch (root) {
      case 'url':
      case 'method':
      case 'statusCode':
      case 'self':
        return { type, root, start, end: this.pos };
      case 'request':
      case 'response': {
        this.expectDot(`'.' after $${root}`);
        const sourceStart = this.pos;
        const source = this.word();
        if (source === 'header') {
          this.expectDot("'.' after header");
          const rawName = this.headerToken();
          return { type, root, source, name: rawName.toLowerCase(), rawName, start, end: this.pos };
        }
        if (source === 'query' || source === 'path') {
          this.expectDot(`'.' after ${source}`);
          const name = this.name(`a ${source} parameter name`, false);
          return { type, root, source, name, start, end: this.pos };
        }
        if (source === 'body') {
          // DECISIONS D24: `$response.body.a.b` is read as `$response.body#/a/b` (in a condition `.` is the spec's own dereference).
          if (this.mode !== 'condition' && input.charCodeAt(this.pos) === 0x2e) {
            const pointer = pointerFromTokens(this.dotPath());
            return { type, root, source, pointer, dialect: 'dot-path', start, end: this.pos };
          }
          const pointer = this.optionalPointer();
          return { type, root, source, pointer, start, end: this.pos };
        }
        throw syntaxError(input, sourceStart, "'header', 'query', 'path' or 'body'");
      }
      case 'message': {
        // Arazzo 1.1.0 §Runtime Expressions: `$message.header.<token>` and `$message.payload[#<json-pointer>]`.
        this.expectDot("'.' after $message");
        const sourceStart = this.pos;
        const source = this.word();
        if (source === 'header') {
          this.expectDot("'.' after header");
          const name = this.headerToken();
          return { type, root, source, name, pointer: undefined, start, end: this.pos };
        }
        if (source === 'payload') {
          // DECISIONS D24, as for `$response.body.a.b`: `$message.payload.a.b` (the spec's own 1.1 example writes it) is read as `#/a/b`.
          if (this.mode !== 'condition' && input.charCodeAt(this.pos) === 0x2e) {
            return { type, root, source, name: undefined, pointer: pointerFromTokens(this.dotPath()), dialect: 'dot-path', start, end: this.pos };
          }
          return { type, root, source, name: undefined, pointer: this.optionalPointer(), start, end: this.pos };
        }
        throw syntaxError(input, sourceStart, "'header' or 'payload'");
      }
      case 'inputs':
      case 'outputs': {
        this.expectDot(`'.' after $${root}`);
        const name = this.name(root === 'inputs' ? 'an input name' : 'an output name', false);
        const pointer = this.optionalPointer();
        return { type, root, name, pointer, start, end: this.pos };
      }
      case 'steps': {
        this.expectDot("'.' after $steps");
        const stepId = this.name('a step id', true);
        this.expectDot(`'.outputs.' after $steps.${stepId}`);
        this.outputsKeyword(stepId);
        this.expectDot(`'.' after $steps.${stepId}.outputs`);
        const name = this.name('an output name', false);
        const pointer = this.optionalPointer();
        return { type, root, stepId, name, pointer, start, end: this.pos };
      }
      case 'workflows': {
        this.expectDot("'.' after $workflows");
        const workflowId = this.name('a workflow id', true);
        this.expectDot(`'.inputs.' or '.outputs.' after $workflows.${workflowId}`);
        const fieldStart = this.pos;
        const field = this.word();
        if (field !== 'inputs' && field !== 'outputs') {
          throw syntaxError(input, fieldStart, `'inputs' or 'outputs' after $workflows.${workflowId}.`);
        }
        this.expectDot(`'.' after $workflows.${workflowId}.${field}`);
        const name = this.name(field === 'inputs' ? 'an input name' : 'an output name', false);
        const pointer = this.optionalPointer();
        return { type, root, workflowId, field, name, pointer, start, end: this.pos };
      }
      case 'sourceDescriptions': {
        this.expectDot("'.' after $sourceDescriptions");
        const sourceName = this.name('a source description name', true);
        let member: string | undefined;
        if (this.input.charCodeAt(this.pos) === 0x2e && this.mode !== 'condition') {
          this.pos++;
          member = this.name(`'url', an operationId or a workflowId after $sourceDescriptions.${sourceName}.`, false, true);
        }
        return { type, root, sourceName, member, start, end: this.pos };
      }
      case 'components': {
        this.expectDot("'.' after $components");
        const sectionStart = this.pos;
        const section = this.word();
        if (!(COMPONENT_SECTIONS as readonly string[]).includes(section)) {
          throw syntaxError(input, sectionStart, "'inputs', 'parameters', 'successActions' or 'failureActions' after $components.");
        }
        this.expectDot(`'.' after $components.${section}`);
        const name = this.name('a component name', false);
        const pointer = this.optionalPointer();
        return { type, root, section: section as ComponentSection, name, pointer, start, end: this.pos };
      }
      default:
        throw syntaxError(input, rootStart, `an expression root (${ROOT_LIST})`);
    }
  }

  /** ASCII letters only: roots and fixed keywords. */
  private word(): string {
    const from = this.pos;
    while (isAsciiLetter(this.input.charCodeAt(this.pos))) this.pos++;
    return this.input.slice(from, this.pos);
  }

  /**
   * `outputs` after `$steps.<stepId>.`. Without it (`$steps.getTrack.artists`) the error
   * offers the expression with `outputs.` put in, when that one parses (DECISIONS D24).
   */
  private outputsKeyword(stepId: string): void {
    const { input, start, mode, closers } = this;
    const at = this.pos;
    const word = this.word();
    if (word === 'outputs') return;
    this.pos = at;
    const expected = `'outputs' after $steps.${stepId}.`;
    // `output.x`, `Outputs.x`: the keyword mistyped; anything else: the keyword left out.
    const mistyped = /^outputs?$/i.test(word);
    const removed = mistyped ? word.length : 0;
    const corrected = input.slice(0, at) + (mistyped ? 'outputs' : 'outputs.') + input.slice(at + removed);
    let end: number;
    try {
      end = scanRuntimeExpression(corrected, start, mode, closers).end;
    } catch {
      throw syntaxError(input, at, expected);
    }
    const meant = corrected.slice(start, end);
    const written = input.slice(start, end - (corrected.length - input.length));
    throw new ExpressionSyntaxError(
      'EXPR_MISSING_OUTPUTS',
      `${written}: a step's values are read through its outputs, as $steps.<stepId>.outputs.<name>; did you mean ${meant}? ('outputs' expected at column ${at + 1})`,
      { input, offset: at, expected, fix: { description: `write ${meant}`, start, end: start + written.length, text: meant } },
    );
  }

  /** `.a.b` after a body (DECISIONS D24): the names, each up to the next `.`, `#`, whitespace or (in a template) brace. */
  private dotPath(): string[] {
    const { input, mode } = this;
    const tokens: string[] = [];
    while (input.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      const from = this.pos;
      for (;;) {
        const code = input.charCodeAt(this.pos);
        if (Number.isNaN(code) || isWhitespace(code) || code === 0x2e || code === 0x23) break;
        if (mode === 'template' && (code === 0x7d || code === 0x7b)) break;
        this.pos++;
      }
      if (this.pos === from) throw syntaxError(input, from, "a property name after '.'");
      tokens.push(input.slice(from, this.pos));
    }
    return tokens;
  }

  private expectDot(description: string): void {
    if (this.input.charCodeAt(this.pos) !== 0x2e) throw syntaxError(this.input, this.pos, description);
    this.pos++;
  }

  private headerToken(): string {
    const { input } = this;
    const from = this.pos;
    for (;;) {
      const code = input.charCodeAt(this.pos);
      if (!isTokenChar(code)) break;
      if (this.mode === 'condition') {
        // `&`, `|` and `!` are tchars, but `&&`, `||` and `!=` are operators in a condition.
        const next = input.charCodeAt(this.pos + 1);
        if ((code === 0x26 && next === 0x26) || (code === 0x7c && next === 0x7c) || (code === 0x21 && next === 0x3d)) break;
      }
      this.pos++;
    }
    if (this.pos === from) throw syntaxError(input, from, 'a header name (an RFC 9110 token)');
    return input.slice(from, this.pos);
  }

  /**
   * A name segment. `segment` names (step ids, workflow ids, source names) also
   * stop at `.`; `allowHash` keeps `#` inside (for members, which take no pointer).
   */
  private name(description: string, segment: boolean, allowHash = false): string {
    const { input, mode } = this;
    const from = this.pos;
    for (;;) {
      const code = input.charCodeAt(this.pos);
      if (Number.isNaN(code) || isWhitespace(code)) break;
      if (segment && code === 0x2e) break;
      if (code === 0x23 && !allowHash) break;
      if (mode === 'template' && (code === 0x7d || code === 0x7b)) break;
      if (mode === 'condition' && CONDITION_DELIMITERS.has(code)) break;
      this.pos++;
    }
    if (this.pos === from) throw syntaxError(input, from, description);
    return input.slice(from, this.pos);
  }

  private optionalPointer(): JsonPointer | undefined {
    const { input, mode } = this;
    if (input.charCodeAt(this.pos) !== 0x23) return undefined;
    this.pos++;
    const from = this.pos;
    for (;;) {
      const code = input.charCodeAt(this.pos);
      if (Number.isNaN(code)) break;
      if (mode === 'template' && code === 0x7d) break;
      // DECISIONS D1: in a condition a pointer ends at whitespace or at a closer of an open group.
      if (mode === 'condition' && (isWhitespace(code) || this.closers.includes(input[this.pos] as string))) break;
      if (code === 0x7e) {
        const next = input.charCodeAt(this.pos + 1);
        if (next !== 0x30 && next !== 0x31) throw syntaxError(input, this.pos + 1, "'0' or '1' after '~' in a JSON pointer");
      }
      if (this.pos === from && code !== 0x2f) throw syntaxError(input, this.pos, "'/' to start a JSON pointer");
      this.pos++;
    }
    return makePointer(input.slice(from, this.pos));
  }
}
