/**
 * RFC 9535 §2.4.6-7 `match()` and `search()` on the linear-time engine (DECISIONS
 * D34). json-p3's own functions build a V8 RegExp, and an I-Regexp such as
 * `(a+)+` is catastrophic there just as in a regex criterion; the pattern may even
 * come from the response (`match(@.x, @.pattern)`). These replacements keep
 * json-p3's I-Regexp check (RFC 9485) and its result for an invalid pattern
 * (LogicalFalse), and match on RE2.
 */
import { re2 } from './regex-engine.js';
import { translateToRe2 } from './regex-translate.js';

type JsonP3 = typeof import('json-p3');
type FilterFunction = import('json-p3').FilterFunction;

interface Pattern {
  test(text: string): boolean;
}

const NEVER: Pattern = { test: () => false };
// Patterns are nearly always literals in the query; the bound is for ones read from data.
const CACHE_SIZE = 64;

/** RFC 9485 §5.3: I-Regexp `.` is any character but CR and LF; the rest maps to itself. */
function ecmascriptPattern(iRegexp: string): string {
  let out = '';
  let inClass = false;
  for (let index = 0; index < iRegexp.length; index++) {
    const char = iRegexp[index]!;
    if (char === '\\') {
      out += char + (iRegexp[index + 1] ?? '');
      index++;
    } else if (char === '.' && !inClass) {
      out += '[^\\n\\r]';
    } else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      out += char;
    }
  }
  return out;
}

function regexFunction(library: JsonP3, whole: boolean): FilterFunction {
  const { Match, Search } = library.jsonpath.functions;
  // json-p3's own function, used only for its I-Regexp check: with throwErrors it throws for an
  // invalid pattern; tested against '' it cannot backtrack.
  const checker = whole ? new Match({ cacheSize: 0, throwErrors: true }) : new Search({ cacheSize: 0, throwErrors: true });
  const cache = new Map<string, Pattern>();
  const compile = (pattern: string): Pattern => {
    try {
      checker.call('', pattern);
      const source = ecmascriptPattern(pattern);
      const translated = translateToRe2(whole ? `^(?:${source})$` : source, 'u');
      return re2().compile(translated.source, translated.flags);
    } catch {
      return NEVER;
    }
  };
  return {
    argTypes: checker.argTypes,
    returnType: checker.returnType,
    call(value: unknown, pattern: unknown): boolean {
      if (typeof value !== 'string' || typeof pattern !== 'string') return false;
      let compiled = cache.get(pattern);
      if (compiled === undefined) {
        compiled = compile(pattern);
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(pattern, compiled);
      }
      return compiled.test(value);
    },
  };
}

/** A json-p3 environment whose `match()` and `search()` run in linear time. */
export function createLinearEnvironment(library: JsonP3): InstanceType<JsonP3['JSONPathEnvironment']> {
  const environment = new library.JSONPathEnvironment();
  environment.functionRegister.set('match', regexFunction(library, true));
  environment.functionRegister.set('search', regexFunction(library, false));
  return environment;
}
