import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { collectExpressionDiagnostics } from '../../src/validate/expression-diagnostics.js';

describe('collectExpressionDiagnostics', () => {
  const text = "outputs:\n  plain: $steps.x.outputz.y\n  quoted: '$steps.x.outputz.y'\n  block: |\n    $steps.x\n";
  const parsed = parseText(text, 'file:///flow.yaml');
  const at = (path: string[], column?: number) =>
    collectExpressionDiagnostics(parsed, [{ code: 'expression-syntax', severity: 'error', message: 'm', path, ...(column === undefined ? {} : { column }) }])[0]!;

  it('places a column inside a plain scalar', () => {
    expect(at(['outputs', 'plain'], 10).range?.start).toMatchObject({ line: 2, column: 19 });
  });
  it('skips the opening quote of a quoted scalar', () => {
    expect(at(['outputs', 'quoted'], 10).range?.start).toMatchObject({ line: 3, column: 21 });
  });
  it('keeps the value start for a block scalar and without a column', () => {
    expect(at(['outputs', 'block'], 3).range?.start).toMatchObject({ line: 4, column: 10 });
    expect(at(['outputs', 'plain']).range?.start).toMatchObject({ line: 2, column: 10 });
    expect(at(['outputs', 'plain']).path).toBe('/outputs/plain');
  });
});
