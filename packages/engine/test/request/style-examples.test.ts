import { describe, expect, it } from 'vitest';
import { serializeParameter, serializeParameters } from '../../src/request/parameter-serialization.js';
import type { ParameterLocation } from '../../src/model/arazzo.js';
import table from './fixtures/oas-style-examples.json' with { type: 'json' };

type Kind = 'empty' | 'string' | 'array' | 'object';
const KINDS: Kind[] = ['empty', 'string', 'array', 'object'];

interface Row {
  style: string;
  explode: boolean;
  in: string;
  empty?: string;
  string?: string;
  array?: string;
  object?: string;
}

const rows = table.rows as Row[];
const cases = rows.flatMap((row) =>
  KINDS.filter((kind) => row[kind] !== undefined).map((kind) => ({
    label: `${row.style} explode=${row.explode} ${row.in} ${kind} -> ${row[kind]}`,
    row,
    kind,
    expected: row[kind] as string,
  })),
);

describe('OAS 3.1 style examples table', () => {
  it('covers every style and explode combination the table lists', () => {
    const combos = new Set(rows.map((row) => `${row.style}/${row.explode}`));
    expect(combos.size).toBe(11);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$label', ({ row, kind, expected }) => {
    const location = row.in as ParameterLocation;
    const declaration = { name: table.name, in: location, style: row.style, explode: row.explode };
    const result = serializeParameter({ name: table.name, in: location, value: table.values[kind] }, declaration);
    expect(result).toEqual({ ok: true, value: expected });
  });
});

describe('style examples end to end', () => {
  it('path styles land in the expanded path', () => {
    const result = serializeParameters(
      '/colors/{color}',
      [{ name: 'color', in: 'path', value: ['blue', 'black', 'brown'] }],
      [{ name: 'color', in: 'path', style: 'matrix', explode: true }],
    );
    expect(result).toEqual({
      ok: true,
      value: { path: '/colors/;color=blue;color=black;color=brown', query: '', headers: {}, cookie: undefined },
    });
  });

  it('query fragments are joined with &', () => {
    const result = serializeParameters(
      '/colors',
      [
        { name: 'color', in: 'query', value: { R: 100, G: 200, B: 150 } },
        { name: 'limit', in: 'query', value: 5 },
      ],
      [{ name: 'color', in: 'query', style: 'deepObject', explode: true }],
    );
    expect(result.ok && result.value.query).toBe('color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150&limit=5');
  });
});
