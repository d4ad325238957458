import { describe, expect, it } from 'vitest';
import { parseText } from '@loom/engine';

describe('parseText on text that is far from YAML', () => {
  it('a binary file gives one clear syntax error, not a wall of YAML errors', () => {
    const parsed = parseText('\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000key: value\n', 'file:///tmp/ls');
    expect(parsed.data).toBeUndefined();
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'syntax', severity: 'error', message: 'not a YAML or JSON text: the file holds binary data (a NUL byte)', range: { start: { line: 1, column: 8 } } });
  });

  it('reports the first 10 syntax errors and then how many more there are', () => {
    const parsed = parseText('a: [\n'.repeat(40), 'file:///tmp/many.yaml');
    expect(parsed.diagnostics).toHaveLength(11);
    expect(parsed.diagnostics[10]!.message).toMatch(/^\d+ more syntax errors after this point/);
  });

  it('shortens a long quoted token in a message', () => {
    const parsed = parseText(`a: b\n${'x'.repeat(500)}: [: :\n`, 'file:///tmp/long.yaml');
    for (const diagnostic of parsed.diagnostics) expect(diagnostic.message.length).toBeLessThanOrEqual(160);
  });

  it('an empty text still locates its problems, at 1:1', () => {
    const parsed = parseText('', 'file:///tmp/empty.yaml');
    expect(parsed.locate([])).toMatchObject({ start: { line: 1, column: 1 } });
    expect(parsed.locate(['workflows', 0])).toMatchObject({ start: { line: 1, column: 1 } });
  });
});
