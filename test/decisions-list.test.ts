import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/decisions.md is the list the code cites ("DECISIONS D13", "README E4", "(R11)"). Every number cited under
 * packages/<name>/src must have an entry there, and every test an entry lists must exist, under that title, in the
 * named file, so the list cannot drift from the code or the tests.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const DECISIONS = 'docs/decisions.md';

interface ListedTest {
  readonly file: string;
  readonly title: string;
}

interface Entry {
  readonly id: string;
  readonly line: number;
  spec?: string;
  status?: string;
  readonly tests: ListedTest[];
}

const HEADING = /^### ([DER]\d+)\. \S/;
const TEST_LINE = /^- `([^`]+)`: (.+)$/;

/** The entries of docs/decisions.md: `### D1. Title`, then `Spec:`, `Status:` and a `Tests:` list of "- `file`: title". */
function parseDecisions(text: string): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let inTests = false;
  text.split('\n').forEach((line, index) => {
    const heading = HEADING.exec(line);
    if (heading !== null) {
      current = { id: heading[1]!, line: index + 1, tests: [] };
      entries.push(current);
      inTests = false;
      return;
    }
    if (line.startsWith('#')) {
      current = undefined;
      return;
    }
    if (current === undefined) return;
    if (line.startsWith('Spec: ')) current.spec = line.slice('Spec: '.length);
    else if (line.startsWith('Status: ')) current.status = line.slice('Status: '.length);
    else if (line === 'Tests:') inTests = true;
    else if (inTests) {
      const test = TEST_LINE.exec(line);
      if (test !== null) current.tests.push({ file: test[1]!, title: test[2]! });
      else inTests = false;
    }
  });
  return entries;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? filesUnder(join(folder, item.name)) : /\.(ts|mts|js|mjs)$/.test(item.name) ? [join(folder, item.name)] : [],
  );
}

/** Every decision number cited in the packages' sources, with where it is first cited; `D10-D12` cites D10, D11 and D12. */
function citedNumbers(): Map<string, string> {
  const cited = new Map<string, string>();
  const packages = join(root, 'packages');
  for (const name of readdirSync(packages)) {
    let files: string[];
    try {
      files = filesUnder(join(packages, name, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        for (const match of line.matchAll(/\b([DER])(\d{1,3})(?:-\1(\d{1,3}))?\b/g)) {
          const from = Number(match[2]);
          const to = match[3] === undefined ? from : Number(match[3]);
          for (let number = from; number <= Math.max(from, to); number++) {
            const id = `${match[1]}${number}`;
            if (!cited.has(id)) cited.set(id, `${relative(root, file)}:${index + 1}`);
          }
        }
      });
    }
  }
  return cited;
}

const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = readFileSync(join(root, file), 'utf8');
    sources.set(file, text);
  }
  return text;
}

/**
 * True when `title` is the title of a test or suite in `text`: a string literal passed to `it(`, `test(`,
 * `describe(`, or to the function an `it.each(...)` / `describe.each(...)` returns. skipped and to-do tests do not count.
 */
function hasTest(text: string, title: string): boolean {
  for (const quote of ["'", '"', '`']) {
    const literal = `${quote}${title}${quote}`;
    for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
      const before = text.slice(0, at);
      if (/\b(?:it|test|describe)\(\s*$/.test(before)) return true;
      if (/\)\(\s*$/.test(before)) {
        const calls = [...before.matchAll(/\b(?:it|test|describe)(\.\w+)?\(/g)];
        if (calls.at(-1)?.[1] === '.each') return true;
      }
    }
  }
  return false;
}

describe('docs/decisions.md', () => {
  const entries = parseDecisions(source(DECISIONS));

  it('has one entry per number', () => {
    const ids = entries.map((entry) => entry.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['D1', 'D23', 'E1', 'E10', 'R1', 'R11']));
  });

  it('has an entry for every D, E and R number cited in packages/*/src', () => {
    const known = new Set(entries.map((entry) => entry.id));
    const missing = [...citedNumbers()].filter(([id]) => !known.has(id));
    const list = missing.map(([id, where]) => `${id} (first cited at ${where})`).join(', ');
    expect(missing.map(([id]) => id), `cited in the source but with no entry in ${DECISIONS}: ${list}`).toEqual([]);
  });

  it('gives every entry a spec passage, and tests unless it is decided but not yet implemented', () => {
    const problems: string[] = [];
    for (const entry of entries) {
      if (entry.spec === undefined || entry.spec.trim() === '') problems.push(`${entry.id} (line ${entry.line}): no "Spec:" line`);
      if (entry.status === undefined && entry.tests.length === 0) problems.push(`${entry.id} (line ${entry.line}): no "Tests:" list`);
      if (entry.status !== undefined && !entry.status.startsWith('decided, not yet implemented')) problems.push(`${entry.id}: unknown status "${entry.status}"`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('lists only tests that exist under that title in the named file and carry the entry number', () => {
    const problems: string[] = [];
    for (const entry of entries) {
      for (const test of entry.tests) {
        const where = `${entry.id}: ${test.file}: ${test.title}`;
        if (!/\.test\.ts$/.test(test.file)) {
          problems.push(`${where}: not a test file`);
          continue;
        }
        let text: string;
        try {
          text = source(test.file);
        } catch {
          problems.push(`${where}: no such file`);
          continue;
        }
        if (!hasTest(text, test.title)) problems.push(`${where}: no test with this title`);
        if (!new RegExp(`\\b${entry.id}\\b`).test(test.title)) problems.push(`${where}: the title does not name ${entry.id}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
