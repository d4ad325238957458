/**
 * The format of a Step Object's `operationPath` (Arazzo 1.0.1 §Step Object): a
 * source description's URL as `{$sourceDescriptions.<name>.url}`, then `#` and a
 * JSON Pointer into that source. It is not a runtime expression, so it has its
 * own reader; the column of the first problem lets the validator point at it.
 */

/** The form shown in every message about a malformed operationPath. */
export const OPERATION_PATH_FORM = '{$sourceDescriptions.<name>.url}#<JSON Pointer>, e.g. {$sourceDescriptions.petStore.url}#/paths/~1pets~1{petId}/get';

export type OperationPathReading =
  | {
      readonly ok: true;
      readonly sourceName: string;
      /** 1-based column of the name. */
      readonly nameColumn: number;
      readonly pointer: string;
      /**
       * Set for Redocly's form `$sourceDescriptions.<name>#/paths/...` (DECISIONS D24): the
       * edit that writes the spec form `{$sourceDescriptions.<name>.url}`.
       */
      readonly fix?: ExpressionFix;
    }
  | { readonly ok: false; readonly problem: string; /** 1-based column of the first character in error. */ readonly column: number };

import type { ExpressionFix } from './errors.js';

const PREFIX = '$sourceDescriptions.';
// Arazzo 1.0.1 §Source Description Object: `name` SHOULD match ^[A-Za-z0-9_\-]+$.
const NAME = /^[A-Za-z0-9_-]+/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Reads an operationPath. Whitespace around it is ignored and the braces may both
 * be left out (`$sourceDescriptions.x.url#/paths/...`), as the resolver has always
 * accepted; one brace without the other is an error. A fragment without its
 * leading `/` is read as if it had one, as the resolver does.
 */
export function readOperationPath(text: string): OperationPathReading {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  const fail = (problem: string, index: number): OperationPathReading => ({ ok: false, problem, column: Math.min(index, Math.max(end, start)) + 1 });
  let at = start;
  const braced = text[at] === '{';
  if (braced) at += 1;
  if (!text.startsWith(PREFIX, at)) return fail(`it must start with {$sourceDescriptions.`, at);
  at += PREFIX.length;
  const name = NAME.exec(text.slice(at, end))?.[0];
  if (name === undefined) return fail('a source description name must follow $sourceDescriptions.', at);
  const nameColumn = at + 1;
  at += name.length;
  let fix: ExpressionFix | undefined;
  if (!braced && text[at] === '#') {
    // DECISIONS D24: Redocly's `$sourceDescriptions.<name>#/paths/...` names the source, not its URL; read as the spec form.
    const spec = `{$sourceDescriptions.${name}.url}`;
    fix = { description: `write ${spec}`, start, end: at, text: spec };
    return withPointer(text, at + 1, end, { ok: true, sourceName: name, nameColumn, pointer: '', fix }, fail);
  }
  if (!text.startsWith('.url', at) || /[A-Za-z0-9_-]/.test(text[at + 4] ?? '')) return fail(`'.url' must follow the source description name`, at);
  at += 4;
  if (braced) {
    if (text[at] !== '}') return fail(`'}' must close {$sourceDescriptions.${name}.url`, at);
    at += 1;
  } else if (text[at] === '}') {
    return fail(`'}' closes a '{' that is not there: write {$sourceDescriptions.${name}.url}`, at);
  }
  if (text[at] !== '#') return fail(`'#' and a JSON Pointer must follow {$sourceDescriptions.${name}.url}`, at);
  return withPointer(text, at + 1, end, { ok: true, sourceName: name, nameColumn, pointer: '' }, fail);
}

/** The reading completed with the pointer that runs from `at` (just after `#`) to `end`. */
function withPointer(
  text: string,
  at: number,
  end: number,
  reading: OperationPathReading & { ok: true },
  fail: (problem: string, index: number) => OperationPathReading,
): OperationPathReading {
  if (at >= end) return fail(`a JSON Pointer must follow '#'`, at);
  const pointer = text.slice(at, end);
  const problem = pointerProblem(pointer);
  if (problem !== undefined) return fail(problem.message, at + problem.index);
  return { ...reading, pointer };
}

/** RFC 6901 §3 (`~` is followed by 0 or 1) and §6 (a URI fragment percent-encodes). */
function pointerProblem(pointer: string): { message: string; index: number } | undefined {
  for (let index = 0; index < pointer.length; index += 1) {
    const char = pointer[index];
    if (char === '~' && pointer[index + 1] !== '0' && pointer[index + 1] !== '1') {
      return { message: `'~' in a JSON Pointer is written ~0, and '/' inside a name ~1 (RFC 6901)`, index };
    }
    if (char === '%' && !HEX.test(pointer.slice(index + 1, index + 3))) {
      return { message: `'%' must start a percent-encoded byte such as %7B (RFC 3986)`, index };
    }
  }
  return undefined;
}
