/**
 * OpenAPI 3.x parameter styles (OAS 3.1 §Style Values), which are RFC 6570 URI
 * template expansions under other names: matrix `{;x}`, label `{.x}`, simple
 * `{x}`, form `{?x}`, plus OpenAPI's own spaceDelimited, pipeDelimited and
 * deepObject. Pure string building; percent-encoding is passed in, because it
 * depends on the parameter's location and `allowReserved`.
 *
 * Where the OAS 3.1.0 style examples table disagrees with RFC 6570 (label with
 * explode=false, raw `|` and `[]` in a query), Loom follows RFC 6570 and
 * RFC 3986 as the corrected table of OAS 3.1.1 / 3.0.4 does.
 */
import { isRecord } from '@loom/expressions/internal';

export type ParameterStyle = 'matrix' | 'label' | 'simple' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

export const PARAMETER_STYLES: readonly ParameterStyle[] = [
  'matrix',
  'label',
  'simple',
  'form',
  'spaceDelimited',
  'pipeDelimited',
  'deepObject',
];

export interface StyleOptions {
  readonly style: ParameterStyle;
  readonly explode: boolean;
  /** Encodes one value or key (percent-encoding for URLs, identity for headers). */
  readonly encode: (text: string) => string;
  /** Encodes the parameter name itself (form, matrix and deepObject write it). */
  readonly encodeName: (text: string) => string;
  /** Between exploded form pairs: `&` in a query string, `; ` in a Cookie header. */
  readonly pairSeparator: string;
}

/**
 * How one primitive is written: strings as they are, numbers and booleans by
 * `String()`, null as the empty string, and a nested array or object (inside an
 * array or object value, which styles cannot express) as JSON.
 */
export function primitiveText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const json: unknown = JSON.stringify(value);
  return typeof json === 'string' ? json : '';
}

/** A JSON object to serialize member by member; bytes (a typed array or DataView) are a value, not an object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !ArrayBuffer.isView(value);
}

type Entry = readonly [key: string, value: string];

/**
 * Expands one parameter value in the given style, giving the fragment for its
 * location (`;color=blue` in a path, `color=blue&color=black` in a query, `blue`
 * in a header). `undefined` means nothing is sent: for an undefined value
 * (DECISIONS D14), and for empty lists and maps, which RFC 6570 §2.3 treats as undefined.
 */
export function expandStyle(name: string, value: unknown, options: StyleOptions): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined).map((item) => options.encode(primitiveText(item)));
    return items.length === 0 ? undefined : expandList(name, items, options);
  }
  if (isPlainObject(value)) {
    if (options.style === 'deepObject') return expandDeepObject(options.encodeName(name), value, options);
    const entries: Entry[] = [];
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (member !== undefined) entries.push([options.encode(key), options.encode(primitiveText(member))]);
    }
    return entries.length === 0 ? undefined : expandMap(name, entries, options);
  }
  return expandPrimitive(name, options.encode(primitiveText(value)), options);
}

function expandPrimitive(name: string, text: string, options: StyleOptions): string {
  switch (options.style) {
    case 'matrix':
      return text === '' ? `;${options.encodeName(name)}` : `;${options.encodeName(name)}=${text}`;
    case 'label':
      return `.${text}`;
    case 'simple':
      return text;
    default:
      // form, and the delimited styles and deepObject on a primitive: a single pair.
      return `${options.encodeName(name)}=${text}`;
  }
}

function expandList(name: string, items: readonly string[], options: StyleOptions): string {
  const encodedName = options.encodeName(name);
  switch (options.style) {
    case 'matrix':
      return options.explode
        ? items.map((item) => (item === '' ? `;${encodedName}` : `;${encodedName}=${item}`)).join('')
        : `;${encodedName}=${items.join(',')}`;
    case 'label':
      return '.' + items.join(options.explode ? '.' : ',');
    case 'simple':
      return items.join(',');
    case 'spaceDelimited':
    case 'pipeDelimited':
      if (!options.explode) return `${encodedName}=${items.join(delimiterOf(options.style))}`;
      // explode=true is n/a in the OAS table; sending each item as its own pair is what servers read.
      return items.map((item) => `${encodedName}=${item}`).join(options.pairSeparator);
    default:
      return options.explode
        ? items.map((item) => `${encodedName}=${item}`).join(options.pairSeparator)
        : `${encodedName}=${items.join(',')}`;
  }
}

function expandMap(name: string, entries: readonly Entry[], options: StyleOptions): string {
  const flat = () => entries.flatMap(([key, value]) => [key, value]);
  const encodedName = options.encodeName(name);
  switch (options.style) {
    case 'matrix':
      return options.explode
        ? entries.map(([key, value]) => (value === '' ? `;${key}` : `;${key}=${value}`)).join('')
        : `;${encodedName}=${flat().join(',')}`;
    case 'label':
      return options.explode ? '.' + entries.map(([key, value]) => `${key}=${value}`).join('.') : '.' + flat().join(',');
    case 'simple':
      return options.explode ? entries.map(([key, value]) => `${key}=${value}`).join(',') : flat().join(',');
    case 'spaceDelimited':
    case 'pipeDelimited':
      if (!options.explode) return `${encodedName}=${flat().join(delimiterOf(options.style))}`;
      return entries.map(([key, value]) => `${key}=${value}`).join(options.pairSeparator);
    default:
      return options.explode
        ? entries.map(([key, value]) => `${key}=${value}`).join(options.pairSeparator)
        : `${encodedName}=${flat().join(',')}`;
  }
}

function delimiterOf(style: 'spaceDelimited' | 'pipeDelimited'): string {
  // Percent-encoded: neither a space nor `|` may appear literally in an RFC 3986 query.
  return style === 'spaceDelimited' ? '%20' : '%7C';
}

/**
 * deepObject: `color[R]=100&color[G]=200`, brackets percent-encoded (RFC 3986
 * does not allow them in a query). Nested objects extend the key
 * (`a[b][c]=1`); arrays repeat it (`a[b]=1&a[b]=2`). OAS leaves nesting
 * undefined; this is what qs, Rack and PHP read.
 */
function expandDeepObject(prefix: string, value: Record<string, unknown>, options: StyleOptions): string | undefined {
  const pairs: string[] = [];
  const walk = (key: string, member: unknown): void => {
    if (member === undefined) return;
    if (isPlainObject(member)) {
      for (const inner of Object.keys(member)) walk(`${key}%5B${options.encode(inner)}%5D`, member[inner]);
    } else if (Array.isArray(member)) {
      for (const item of member) if (item !== undefined) pairs.push(`${key}=${options.encode(primitiveText(item))}`);
    } else {
      pairs.push(`${key}=${options.encode(primitiveText(member))}`);
    }
  };
  for (const key of Object.keys(value)) walk(`${prefix}%5B${options.encode(key)}%5D`, value[key]);
  return pairs.length === 0 ? undefined : pairs.join(options.pairSeparator);
}
