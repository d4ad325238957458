import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The entry file and every file it imports statically, transitively (dynamic `import()`s are not followed). */
export function staticImportClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+)["']/g)) visit(join(dirname(file), match[1]!));
  };
  visit(entry);
  return [...seen];
}
