/**
 * Turns a step's parameters (after merging, values evaluated) into the pieces
 * of a request: the expanded path, the query string, headers and the Cookie
 * header, serialized as the operation's OpenAPI Parameter Objects say
 * (OAS 3.1 §Parameter Object: `style`, `explode`, `allowReserved`, `content`).
 */
import { toJsonText, writeOwn } from '@loom/expressions/internal';
import { isJsonMediaType, isTextMediaType } from '../http/media-type.js';
import type { ParameterLocation } from '../model/arazzo.js';
import type { OpenApiParameter } from '../sources/types.js';
import { type BuildResult, type RequestBuildError, buildError, built } from './build-result.js';
import { encodeAllowingReserved, encodeComponent } from './percent-encoding.js';
import { serializeQueryString } from './query-string.js';
import { type ParameterStyle, PARAMETER_STYLES, type StyleOptions, expandStyle, isPlainObject } from './parameter-styles.js';

/** One step parameter, its location known and its value evaluated (`undefined`: not supplied). */
export interface ParameterValue {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly value: unknown;
}

export interface SerializedParameters {
  /** The path template with every `{name}` replaced, percent-encoded. */
  readonly path: string;
  /** The query string without its leading `?`; `''` when there is none. */
  readonly query: string;
  /** Header parameters, names lower-cased. */
  readonly headers: Record<string, string>;
  /** The Cookie header value (`a=1; b=2`), if any cookie parameter has a value. */
  readonly cookie: string | undefined;
}

/** OAS 3.1 §Parameter Object `style` defaults by `in` (DECISIONS D13). */
const DEFAULT_STYLE: Readonly<Record<ParameterLocation, ParameterStyle>> = {
  path: 'simple',
  query: 'form',
  header: 'simple',
  cookie: 'form',
  // Never used: a querystring parameter is written by its media type (query-string.ts), not by a style.
  querystring: 'form',
};

/** OAS 3.1 §Style Values: which styles each location defines. */
const STYLES_BY_LOCATION: Readonly<Record<ParameterLocation, readonly ParameterStyle[]>> = {
  path: ['matrix', 'label', 'simple'],
  query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'],
  header: ['simple'],
  cookie: ['form'],
  querystring: [],
};

// OAS 3.1 §Parameter Object: header parameters named Accept, Content-Type or
// Authorization "SHALL be ignored" in the description; the step's value is
// still sent, with the defaults.
const IGNORED_HEADER_DECLARATIONS = new Set(['accept', 'content-type', 'authorization']);

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5 field-value: visible ASCII, space, tab and obs-text; never CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7E\x80-\xFF]*$/;

const identity = (text: string): string => text;

/** The declaration of `parameter` among the operation's parameters (header names compare case-insensitively). */
export function findParameterDeclaration(
  parameter: Pick<ParameterValue, 'name' | 'in'>,
  declared: readonly OpenApiParameter[],
): OpenApiParameter | undefined {
  if (parameter.in === 'header') {
    const lower = parameter.name.toLowerCase();
    return declared.find((candidate) => candidate.in === 'header' && candidate.name.toLowerCase() === lower);
  }
  // Arazzo 1.1 §Parameter Object: a querystring value follows the `content` of the operation's querystring
  // parameter (it has one at most, OpenAPI 3.2), whatever name the step gives it (DECISIONS D43).
  if (parameter.in === 'querystring') return declared.find((candidate) => candidate.in === 'querystring');
  return declared.find((candidate) => candidate.in === parameter.in && candidate.name === parameter.name);
}

/**
 * DECISIONS D13: a step parameter without `in` on an operation step takes the
 * `in` of the operation's only parameter of that name.
 */
export function inferParameterLocation(
  name: string,
  operationParameters: readonly OpenApiParameter[],
): BuildResult<ParameterLocation> {
  const matches = operationParameters.filter((candidate) => candidate.name === name);
  const first = matches[0];
  if (first === undefined) {
    return buildError(
      'unknown-parameter-location',
      `parameter '${name}' has no 'in' and the operation declares no parameter of that name; add 'in'`,
      { parameter: name },
    );
  }
  if (matches.length > 1) {
    const locations = matches.map((match) => match.in).join(' and ');
    return buildError(
      'ambiguous-parameter-location',
      `parameter '${name}' has no 'in' and the operation declares it in ${locations}; add 'in' to say which`,
      { parameter: name },
    );
  }
  return built(first.in);
}

/**
 * Serializes one parameter into the fragment for its location: the text that
 * replaces `{name}` in a path, `name=value` pairs for a query or Cookie header,
 * or a header value. `undefined` when nothing is sent (DECISIONS D14: the value is
 * undefined; RFC 6570: an empty array or object). Without a declaration the
 * location's defaults apply (DECISIONS D13).
 */
export function serializeParameter(
  parameter: ParameterValue,
  declaration?: OpenApiParameter,
): BuildResult<string | undefined> {
  const { name, in: location, value } = parameter;
  if (value === undefined) return built(undefined);
  const effective =
    location === 'header' && IGNORED_HEADER_DECLARATIONS.has(name.toLowerCase()) ? undefined : declaration;

  if ((location === 'header' || location === 'cookie') && !HTTP_TOKEN.test(name)) {
    return buildError('invalid-header-value', `${location} name '${name}' is not a valid HTTP token`, { parameter: name });
  }

  // OAS 3.1 §Style Values: allowReserved is defined for query; DECISIONS D13 extends it to path.
  const allowReserved = effective?.allowReserved === true;
  const encode =
    location === 'header'
      ? identity
      : allowReserved && (location === 'query' || location === 'path')
        ? (text: string) => encodeAllowingReserved(text, location)
        : encodeComponent;

  let fragment: string | undefined;
  if (effective?.content !== undefined && typeof effective.content === 'object') {
    const mediaType = Object.keys(effective.content)[0];
    const text = contentText(value, mediaType);
    if (text === undefined) return unserializable(name);
    const encoded = encode(text);
    fragment = location === 'query' || location === 'cookie' ? `${encodeComponent(name)}=${encoded}` : encoded;
  } else {
    const style = (effective?.style ?? DEFAULT_STYLE[location]) as ParameterStyle;
    if (!PARAMETER_STYLES.includes(style) || !STYLES_BY_LOCATION[location].includes(style)) {
      return buildError(
        'unsupported-style',
        `parameter '${name}' uses style '${String(style)}', which OpenAPI does not define for ${location} parameters (allowed: ${STYLES_BY_LOCATION[location].join(', ')})`,
        { parameter: name },
      );
    }
    if (style === 'deepObject' && !isPlainObject(value)) {
      return buildError('unsupported-style', `parameter '${name}' uses style 'deepObject', which needs an object value`, {
        parameter: name,
      });
    }
    const options: StyleOptions = {
      style,
      // OAS 3.1 §Parameter Object: explode defaults to true for form, false otherwise.
      explode: effective?.explode ?? style === 'form',
      encode,
      encodeName: location === 'header' ? identity : encodeComponent,
      pairSeparator: location === 'cookie' ? '; ' : '&',
    };
    try {
      fragment = expandStyle(name, value, options);
    } catch {
      return unserializable(name);
    }
  }

  if (fragment !== undefined && location === 'header' && !HEADER_VALUE.test(fragment)) {
    return buildError(
      'invalid-header-value',
      `header '${name}' has a value with characters HTTP headers cannot carry (line breaks, NUL or non-Latin-1)`,
      { parameter: name },
    );
  }
  return built(fragment);
}

/** A `content` parameter's text: JSON for JSON (and unknown) media types, a string as it is for text. */
function contentText(value: unknown, mediaType: string | undefined): string | undefined {
  if (typeof value === 'string' && isTextMediaType(mediaType) && !isJsonMediaType(mediaType)) return value;
  try {
    return toJsonText(value);
  } catch {
    return undefined;
  }
}

function unserializable(name: string): { readonly ok: false; readonly error: RequestBuildError } {
  return buildError(
    'unserializable-value',
    `parameter '${name}' has a value that cannot be serialized (a BigInt, a function or a circular structure)`,
    { parameter: name },
  );
}

const PATH_VARIABLE = /\{([^{}]+)\}/g;

/**
 * Serializes all of a step's parameters against the operation's declarations
 * and expands `pathTemplate` (`/pets/{petId}`). A path variable without a value
 * is an error naming it. A parameter the operation does not declare is sent
 * with its location's defaults (DECISIONS D13); a path parameter the template
 * does not use has nowhere to go and is dropped (`loom lint` reports it).
 */
export function serializeParameters(
  pathTemplate: string,
  parameters: readonly ParameterValue[],
  declared: readonly OpenApiParameter[],
): BuildResult<SerializedParameters> {
  const pathValues = new Map<string, string>();
  const queryParts: string[] = [];
  const cookieParts: string[] = [];
  const headers: Record<string, string> = {};

  for (const parameter of parameters) {
    if (parameter.in === 'querystring') {
      // Arazzo 1.1: the whole query string; validation keeps it from being combined with query parameters.
      const whole = serializeQueryString(parameter.name, parameter.value, findParameterDeclaration(parameter, declared));
      if (!whole.ok) return whole;
      if (whole.value !== undefined && whole.value !== '') queryParts.push(whole.value);
      continue;
    }
    const result = serializeParameter(parameter, findParameterDeclaration(parameter, declared));
    if (!result.ok) return result;
    const fragment = result.value;
    switch (parameter.in) {
      case 'path':
        // An empty array or object expands to nothing (RFC 6570 §2.3), not to a missing value.
        if (parameter.value !== undefined) pathValues.set(parameter.name, fragment ?? '');
        break;
      case 'query':
        if (fragment !== undefined && fragment !== '') queryParts.push(fragment);
        break;
      case 'header':
        // DECISIONS D30: a header named `__proto__` is a header like any other.
        if (fragment !== undefined) writeOwn(headers, parameter.name.toLowerCase(), fragment);
        break;
      case 'cookie':
        if (fragment !== undefined && fragment !== '') cookieParts.push(fragment);
        break;
    }
  }

  let missing: string | undefined;
  const path = pathTemplate.replace(PATH_VARIABLE, (whole, variable: string) => {
    const fragment = pathValues.get(variable);
    if (fragment === undefined) {
      missing ??= variable;
      return whole;
    }
    return fragment;
  });
  if (missing !== undefined) {
    return buildError('missing-path-parameter', `path parameter '${missing}' has no value (path ${pathTemplate})`, {
      parameter: missing,
    });
  }

  return built({
    path,
    query: queryParts.join('&'),
    headers,
    cookie: cookieParts.length === 0 ? undefined : cookieParts.join('; '),
  });
}
