/**
 * DECISIONS D34: an ECMAScript pattern (D5) rewritten for RE2 (re2js), whose
 * matching time is linear in the input, so no pattern can hang a run. The pattern
 * is parsed as ECMAScript (regexpp, with the flags' syntax) and written back node
 * by node with the ECMAScript meaning spelled out where RE2's differs (`.`, `\s`,
 * `\d`, `\w`, classes), so a pattern means what it means in JavaScript. What a
 * linear-time engine cannot do is refused at the construct's position:
 * backreferences, lookahead (lookbehind is supported), repetition counts above
 * 1000, the v flag's class set operations and strings, and Unicode properties RE2
 * does not know (some binary properties such as `\p{ASCII}` or `\p{ID_Start}`, Script_Extensions).
 * What still differs: with the m flag `^` and `$` see only `\n` as a line end (not
 * `\r`, U+2028, U+2029); the text is matched by code points, so a lone surrogate
 * written in a pattern without u never matches half of a pair; `i` uses Unicode
 * simple case folding.
 */
import type { AST } from '@eslint-community/regexpp';
import { re2, regExpParser } from './regex-engine.js';

export interface TranslatedPattern {
  readonly source: string;
  /** re2js flags: lookbehind needs its own flag (linear-time, captureless). */
  readonly flags: number;
}

/** A construct RE2 cannot run, at `offset` inside the pattern. */
export class UnsupportedRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Range = readonly [number, number];

const MAX_CODE_POINT = 0x10ffff;
// RE2's counted repetition limit.
const MAX_REPEAT = 1000;
const DIGIT: readonly Range[] = [[0x30, 0x39]];
const WORD: readonly Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// ECMAScript WhiteSpace and LineTerminator (ECMA-262 §22.2.2.9 CharacterClassEscape :: s).
const SPACE: readonly Range[] = [
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];
// `.` without the s flag: anything but a LineTerminator.
const LINE_TERMINATORS: readonly Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];
const ANY: readonly Range[] = [[0, MAX_CODE_POINT]];

function complement(ranges: readonly Range[]): Range[] {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

const hex = (code: number) => `\\x{${code.toString(16)}}`;
const isAlphanumeric = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const literal = (code: number) => (isAlphanumeric(code) ? String.fromCharCode(code) : hex(code));
const rangesText = (ranges: readonly Range[]) => ranges.map(([low, high]) => (low === high ? hex(low) : `${hex(low)}-${hex(high)}`)).join('');
const classOf = (ranges: readonly Range[]) => (ranges.length === 0 ? `[^${rangesText(ANY)}]` : `[${rangesText(ranges)}]`);

// ECMAScript's General_Category long names (and aliases); RE2 knows the short ones.
const CATEGORY_SHORT_NAMES: Readonly<Record<string, string>> = {
  Letter: 'L', Uppercase_Letter: 'Lu', Lowercase_Letter: 'Ll', Titlecase_Letter: 'Lt', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Mark: 'M', Combining_Mark: 'M', Nonspacing_Mark: 'Mn', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me',
  Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No',
  Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd', Open_Punctuation: 'Ps', Close_Punctuation: 'Pe',
  Initial_Punctuation: 'Pi', Final_Punctuation: 'Pf', Other_Punctuation: 'Po',
  Symbol: 'S', Math_Symbol: 'Sm', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Other_Symbol: 'So',
  Separator: 'Z', Space_Separator: 'Zs', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Surrogate: 'Cs', Private_Use: 'Co', Unassigned: 'Cn',
};

const propertyNames = new Map<string, boolean>();

/** Whether RE2 knows `\p{name}` (general categories and scripts, by their short or script names). */
function re2HasProperty(name: string): boolean {
  let known = propertyNames.get(name);
  if (known === undefined) {
    try {
      re2().compile(`\\p{${name}}`);
      known = true;
    } catch {
      known = false;
    }
    propertyNames.set(name, known);
  }
  return known;
}

interface State {
  dotAll: boolean;
  lookbehind: boolean;
  /** Without u or v, the pattern is UTF-16 code units; RE2 matches code points. */
  readonly unicode: boolean;
}

class Translator {
  constructor(private readonly state: State) {}

  alternatives(alternatives: readonly AST.Alternative[]): string {
    return alternatives.map((alternative) => this.elements(alternative.elements)).join('|');
  }

  private elements(elements: readonly AST.Element[]): string {
    let out = '';
    for (let index = 0; index < elements.length; index++) {
      const element = elements[index]!;
      const next = elements[index + 1];
      // A surrogate pair written as two code units (no u flag): RE2 sees the one code point.
      if (!this.state.unicode && element.type === 'Character' && next?.type === 'Character' && isHigh(element.value) && isLow(next.value)) {
        out += hex(0x10000 + ((element.value - 0xd800) << 10) + (next.value - 0xdc00));
        index++;
        continue;
      }
      out += this.element(element);
    }
    return out;
  }

  private element(node: AST.Element): string {
    switch (node.type) {
      case 'Character':
        return literal(node.value);
      case 'CharacterSet':
        return node.kind === 'any' ? classOf(this.state.dotAll ? ANY : complement(LINE_TERMINATORS)) : `[${this.setItems(node)}]`;
      case 'CharacterClass':
        return this.characterClass(node);
      case 'ExpressionCharacterClass':
        throw new UnsupportedRegexError('class set operations (&&, --) are not supported', node.start);
      case 'Group': {
        if (node.modifiers === null) return `(?:${this.alternatives(node.alternatives)})`;
        const { add, remove } = node.modifiers;
        const dotAll = this.state.dotAll;
        if (add.dotAll) this.state.dotAll = true;
        if (remove?.dotAll) this.state.dotAll = false;
        const flags = (add.ignoreCase ? 'i' : '') + (add.multiline ? 'm' : '');
        const removed = (remove?.ignoreCase ? 'i' : '') + (remove?.multiline ? 'm' : '');
        const prefix = flags + (removed === '' ? '' : `-${removed}`);
        const body = this.alternatives(node.alternatives);
        this.state.dotAll = dotAll;
        return prefix === '' ? `(?:${body})` : `(?${prefix}:${body})`;
      }
      // Only whether the pattern matches is asked, so no group needs to capture.
      case 'CapturingGroup':
        return `(?:${this.alternatives(node.alternatives)})`;
      case 'Quantifier':
        return this.quantifier(node);
      case 'Assertion':
        return this.assertion(node);
      case 'Backreference':
        throw new UnsupportedRegexError('backreferences are not supported', node.start);
    }
  }

  private quantifier(node: AST.Quantifier): string {
    if (node.min > MAX_REPEAT || (node.max !== Infinity && node.max > MAX_REPEAT)) {
      throw new UnsupportedRegexError(`a repetition count above ${MAX_REPEAT} is not supported`, node.element.end);
    }
    const element = this.element(node.element);
    const operand = node.element.type === 'Character' || node.element.type === 'CharacterSet' || node.element.type === 'CharacterClass' ? element : `(?:${element})`;
    const { min, max } = node;
    const count = max === Infinity ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`) : min === 0 && max === 1 ? '?' : min === max ? `{${min}}` : `{${min},${max}}`;
    return operand + count + (node.greedy ? '' : '?');
  }

  private assertion(node: AST.Assertion): string {
    switch (node.kind) {
      case 'start':
        return '^';
      case 'end':
        return '$';
      case 'word':
        return node.negate ? '\\B' : '\\b';
      case 'lookahead':
        throw new UnsupportedRegexError(`${node.negate ? 'negative ' : ''}lookahead is not supported`, node.start);
      case 'lookbehind':
        this.state.lookbehind = true;
        return `(?<${node.negate ? '!' : '='}${this.alternatives(node.alternatives)})`;
    }
  }

  private characterClass(node: AST.CharacterClass): string {
    const items = node.elements.map((element) => this.classItem(element)).join('');
    if (items === '') return node.negate ? classOf(ANY) : classOf([]);
    return `[${node.negate ? '^' : ''}${items}]`;
  }

  private classItem(node: AST.CharacterClassElement): string {
    switch (node.type) {
      case 'Character':
        return literal(node.value);
      case 'CharacterClassRange':
        return `${hex(node.min.value)}-${hex(node.max.value)}`;
      case 'CharacterSet':
        return this.setItems(node);
      default:
        throw new UnsupportedRegexError('nested classes and class strings are not supported', node.start);
    }
  }

  /** The inside of a class for `\d`, `\s`, `\w`, `\p{...}` and their negations, ECMAScript's meaning. */
  private setItems(node: AST.EscapeCharacterSet | AST.UnicodePropertyCharacterSet): string {
    if (node.kind === 'property') {
      if (node.strings) throw new UnsupportedRegexError(`the property of strings ${node.raw} is not supported`, node.start);
      const written = node.value === null ? node.key : /^(General_Category|gc|Script|sc)$/.test(node.key) ? node.value : undefined;
      const name = written === undefined ? undefined : (CATEGORY_SHORT_NAMES[written] ?? written);
      if (name === undefined || !re2HasProperty(name)) throw new UnsupportedRegexError(`the Unicode property ${node.raw} is not supported`, node.start);
      return `\\${node.negate ? 'P' : 'p'}{${name}}`;
    }
    const ranges = node.kind === 'digit' ? DIGIT : node.kind === 'word' ? WORD : SPACE;
    return rangesText(node.negate ? complement(ranges) : ranges);
  }
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Rewrites an ECMAScript `pattern` with `flags` for RE2. `pattern` must already be
 * valid ECMAScript (checked by `new RegExp`).
 * @throws UnsupportedRegexError for constructs a linear-time engine cannot run.
 */
export function translateToRe2(pattern: string, flags: string): TranslatedPattern {
  const unicode = flags.includes('u') || flags.includes('v');
  const ast = regExpParser().parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  const state: State = { dotAll: flags.includes('s'), lookbehind: false, unicode };
  let source = new Translator(state).alternatives(ast.alternatives);
  // A sticky pattern tested from index 0 must match at the start of the input.
  if (flags.includes('y')) source = `\\A(?:${source})`;
  const inline = (flags.includes('i') ? 'i' : '') + (flags.includes('m') ? 'm' : '');
  if (inline !== '') source = `(?${inline})${source}`;
  return { source, flags: state.lookbehind ? re2().LOOKBEHINDS : 0 };
}
