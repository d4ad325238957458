/**
 * The linear-time regex engine (re2js, DECISIONS D34) and the ECMAScript pattern parser (regexpp)
 * behind regex criteria and JSONPath `match()` / `search()`, loaded on first use. Most documents use
 * neither, and loaded with the rest they were a fifth of the `loom` bundle's main code and about
 * 10% of the CPU time of every `loom run` (issue 12, cold start). Their CommonJS builds load
 * synchronously, so compiling a pattern stays synchronous; the CLI bundle keeps a
 * `createRequire(import.meta.url)` load out of the bundle (packages/cli/scripts/bundle.mjs).
 */
import { createRequire } from 'node:module';

type Re2js = typeof import('re2js');
type Regexpp = typeof import('@eslint-community/regexpp');

const load = createRequire(import.meta.url);
let re2js: Re2js | undefined;
let parser: InstanceType<Regexpp['RegExpParser']> | undefined;

/** re2js's `RE2JS` class: `compile(source, flags)` and the flag constants. */
export function re2(): Re2js['RE2JS'] {
  re2js ??= load('re2js') as Re2js;
  return re2js.RE2JS;
}

/** One regexpp parser for every pattern (it keeps no state between parses). */
export function regExpParser(): InstanceType<Regexpp['RegExpParser']> {
  parser ??= new (load('@eslint-community/regexpp') as Regexpp).RegExpParser();
  return parser;
}
