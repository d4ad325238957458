import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyFixes, type Diagnostic, type DiagnosticFix } from '../../src/index.js';

/** A diagnostic at `path` whose fix replaces `start`..`end` of the value with `text`. */
function fixAt(path: string, start: number, end: number, text: string, description = `write ${text}`): Diagnostic {
  const fix: DiagnosticFix = { description, start, end, text };
  return { code: 'test-rule', severity: 'warning', message: 'fixable', path, fix };
}

/** A fix that replaces the whole value `from` with `to`. */
function replaceAll(path: string, from: string, to: string): Diagnostic {
  return fixAt(path, 0, from.length, to);
}

describe('applyFixes', () => {
  it('rewrites a plain scalar and keeps comments, key order, indentation and everything else byte for byte', () => {
    const text = ['# top comment', 'b: 1   # one', 'a:', '    # inner', '    op: getPet # the operation', '    other:  keep  ', ''].join('\n');
    const result = applyFixes(text, [replaceAll('/a/op', 'getPet', '$sourceDescriptions.pets.getPet')]);
    expect(result.text).toBe(text.replace('op: getPet #', 'op: $sourceDescriptions.pets.getPet #'));
    expect(result.applied).toHaveLength(1);
    expect(result.skipped).toEqual([]);
  });

  it('quotes a plain scalar that needs quotes after the edit, and one that would read as another type', () => {
    const text = 'a: x\nb: y\nc: [p, q]\n';
    const result = applyFixes(text, [replaceAll('/a', 'x', '{$sourceDescriptions.s.url}#/paths'), replaceAll('/b', 'y', 'true'), replaceAll('/c/0', 'p', 'p, r')]);
    expect(parse(result.text)).toEqual({ a: '{$sourceDescriptions.s.url}#/paths', b: 'true', c: ['p, r', 'q'] });
    expect(result.text).toBe('a: "{$sourceDescriptions.s.url}#/paths"\nb: "true"\nc: ["p, r", q]\n');
  });

  it('keeps single and double quotes', () => {
    const text = "a: 'it''s'\nb: \"tab\\there\"\n";
    const result = applyFixes(text, [fixAt('/a', 0, 2, 'that'), fixAt('/b', 0, 3, 'a "quoted"')]);
    expect(result.text).toBe("a: 'that''s'\nb: \"a \\\"quoted\\\"\\there\"\n");
    expect(parse(result.text)).toEqual({ a: "that's", b: 'a "quoted"\there' });
  });

  it('rewrites a block scalar keeping its header, its comment and its body indentation', () => {
    const text = 'a:\n  b: |- # why\n      line $one\n      line two\n  c: 1\n';
    const result = applyFixes(text, [fixAt('/a/b', 5, 9, '$two')]);
    expect(result.text).toBe('a:\n  b: |- # why\n      line $two\n      line two\n  c: 1\n');
  });

  it('edits a value inside a flow mapping', () => {
    const text = 'steps: [{ stepId: s1, operationId: getPet }, { stepId: s2 }]\n';
    const result = applyFixes(text, [replaceAll('/steps/0/operationId', 'getPet', '$sourceDescriptions.pets.getPet')]);
    expect(result.text).toBe('steps: [{ stepId: s1, operationId: $sourceDescriptions.pets.getPet }, { stepId: s2 }]\n');
  });

  it('keeps a JSON document valid JSON with the same formatting', () => {
    const text = '{\n\t"a": {\n\t\t"op": "getPet",\n\t\t"n": [1, 2]\n\t},\n\t"b": "x"\n}\n';
    const result = applyFixes(text, [replaceAll('/a/op', 'getPet', 'say "hi"\n\u00e9'), replaceAll('/b', 'x', '$inputs.x')]);
    expect(result.text).toBe('{\n\t"a": {\n\t\t"op": "say \\"hi\\"\\n\u00e9",\n\t\t"n": [1, 2]\n\t},\n\t"b": "$inputs.x"\n}\n');
    expect(JSON.parse(result.text)).toEqual({ a: { op: 'say "hi"\n\u00e9', n: [1, 2] }, b: '$inputs.x' });
  });

  it('keeps CRLF line endings, also in a rewritten block scalar', () => {
    const text = 'a: x\r\nb: |\r\n  one\r\n  two\r\nc: y\r\n';
    const result = applyFixes(text, [replaceAll('/a', 'x', 'z'), fixAt('/b', 0, 3, 'uno\nmore')]);
    expect(result.text).toBe('a: z\r\nb: |\r\n  uno\r\n  more\r\n  two\r\nc: y\r\n');
  });

  it('composes several fixes of one string, applied from the end', () => {
    const text = 'a: $steps.one.outputs.x and $steps.two.outputs.y\n';
    const result = applyFixes(text, [fixAt('/a', 0, 6, '$S'), fixAt('/a', 25, 31, '$T')]);
    expect(result.text).toBe('a: $S.one.outputs.x and $T.two.outputs.y\n');
    expect(result.applied).toHaveLength(2);
  });

  it('D49: of two overlapping fixes of one value the first stands; the other is skipped, saying why', () => {
    const text = 'a: abcdef\n';
    const first = fixAt('/a', 1, 4, 'X', 'first');
    const second = fixAt('/a', 3, 5, 'Y', 'second');
    const result = applyFixes(text, [first, second]);
    expect(result.text).toBe('a: aXef\n');
    expect(result.applied).toEqual([first]);
    expect(result.skipped).toEqual([{ diagnostic: second, reason: 'it overlaps the fix "first" in the same value' }]);
  });

  it('applies the same edit from two diagnostics once', () => {
    const result = applyFixes('a: abc\n', [fixAt('/a', 0, 1, 'z'), fixAt('/a', 0, 1, 'z')]);
    expect(result.text).toBe('a: zbc\n');
    expect(result.applied).toHaveLength(2);
  });

  it('D49: a value reached through an alias is not rewritten, and the skip says where to fix it', () => {
    const text = 'base: &op getPet\nsteps:\n  - operationId: *op\n';
    const result = applyFixes(text, [replaceAll('/steps/0/operationId', 'getPet', 'x')]);
    expect(result.text).toBe(text);
    expect(result.skipped[0]!.reason).toBe('the value is reached through the alias *op; fix the value where &op is defined');
    const through = applyFixes('base: &b { op: getPet }\nuse: *b\n', [replaceAll('/use/op', 'getPet', 'x')]);
    expect(through.skipped[0]!.reason).toMatch(/alias \*b/);
  });

  it('skips fixes that cannot apply: no such value, not a string, a range outside the value, a broken document', () => {
    const text = 'a: 1\nb: abc\n';
    const result = applyFixes(text, [replaceAll('/nothing', 'x', 'y'), replaceAll('/a', '1', '2'), fixAt('/b', 2, 9, 'z')]);
    expect(result.text).toBe(text);
    expect(result.skipped.map((skip) => skip.reason)).toEqual([
      'there is no value at /nothing in the text',
      'the value at /a is not a string',
      'its edit (characters 2 to 9) lies outside the value, which has 3 characters',
    ]);
    expect(applyFixes('a: [\n', [replaceAll('/a', 'x', 'y')]).skipped[0]!.reason).toMatch(/syntax errors/);
  });

  it('returns the same text, and nothing applied, when no diagnostic has a fix', () => {
    const text = 'a: b\n';
    const plain: Diagnostic = { code: 'x', severity: 'error', message: 'no fix', path: '/a' };
    expect(applyFixes(text, [plain])).toEqual({ text, applied: [], skipped: [] });
  });

  it('a fix that leaves the value as it was is skipped, so a second run changes nothing', () => {
    const text = 'a: $sourceDescriptions.pets.getPet\n';
    const result = applyFixes(text, [fixAt('/a', 0, 5, '$sour')]);
    expect(result.text).toBe(text);
    expect(result.skipped[0]!.reason).toBe('the value already reads so');
  });
});
