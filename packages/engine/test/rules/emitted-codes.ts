import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A rule id as the source writes it: lowercase words joined by '-', in single quotes. */
const ID = String.raw`'[a-z][a-z0-9]*(?:-[a-z0-9]+)*'`;

/**
 * Where the source writes the code of a problem it reports; the first group (or the whole match) holds
 * the quoted ids: a `code: '...'` field, the first argument of a diagnostic sink's `report(...)` or the
 * expression checker's `add(...)`, an id passed right after the sink (`reportDuplicates(items, field, sink, '...')`), the branches of a `code = ... ? '...' : '...'` choice, a
 * `*_RULE = '...'` constant, and the members of a `*ProblemCode` union (`@loom/expressions`' problems).
 */
const SITES = [
  new RegExp(String.raw`\bcode:\s*(${ID})`, 'g'),
  new RegExp(String.raw`\.(?:report|add)\(\s*(${ID})`, 'g'),
  new RegExp(String.raw`\bsink,\s*(${ID})`, 'g'),
  /\bcode\s*=\s*[^;\n?]*\?([^;\n]*)/g,
  new RegExp(String.raw`\b[A-Z_]+_RULE\s*=\s*(${ID})`, 'g'),
  /\btype\s+\w*ProblemCode\s*=([^;]*);/g,
];

/** The `*ErrorCode` unions name codes that are not diagnostics (a transport failure, a request that cannot be built). */
const NOT_DIAGNOSTICS = /\btype\s+\w*ErrorCode\s*=([^;]*);/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.generated.ts'))
    .map((name) => join(folder, name));
}

const literals = (text: string): string[] => [...text.matchAll(new RegExp(ID, 'g'))].map((match) => match[0].slice(1, -1));

/**
 * Every code the TypeScript sources under `folders` write as a problem's code, with the files that
 * write it. Read from the text (no build needed); the sites above are how the engine and
 * `@loom/expressions` write codes today, so a new way of writing one needs a new site here.
 */
export function emittedCodes(folders: readonly string[]): Map<string, string[]> {
  const texts = folders.flatMap(sourceFiles).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const excluded = new Set(texts.flatMap(({ text }) => [...text.matchAll(NOT_DIAGNOSTICS)].flatMap((match) => literals(match[1]!))));
  const codes = new Map<string, string[]>();
  for (const { file, text } of texts) {
    for (const site of SITES) {
      for (const match of text.matchAll(site)) {
        for (const code of literals(match[1]!)) {
          if (!excluded.has(code)) codes.set(code, [...new Set([...(codes.get(code) ?? []), file])]);
        }
      }
    }
  }
  return codes;
}
