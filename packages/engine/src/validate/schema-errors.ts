import type { ErrorObject } from 'ajv/dist/2020.js';
import { getAtPath, isArrayIndex, isRecord, parsePointer, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import { compiledArazzoSchema, runArazzoSchema, type CompiledArazzoSchema } from './schema-validator.js';
import { introducedInLaterVersion } from './version-fields.js';

/** Rule id of every violation of the Arazzo JSON Schema. */
export const SCHEMA_RULE = 'arazzo-schema';

/**
 * Validates a parsed document against the schema of the Arazzo version its `arazzo` field
 * names (1.0: DECISIONS D23, 1.1: D71) and reports each violation once, in plain words, at its line.
 *
 * ajv with `allErrors` reports one problem many times under `oneOf` / `if-then`:
 * a parameter missing `value` also fails the Reusable Object branch. The branch
 * the author meant is decided by the data (an object with `reference` is a
 * Reusable Object, anything else is the other alternative); errors from the other
 * branch and the summary `oneOf` / `if` errors are dropped.
 */
export function validateAgainstSchema(parsed: ParsedText): Diagnostic[] {
  const version = arazzoVersionOf(parsed.data) ?? '1.0';
  const errors = runArazzoSchema(parsed.data, version);
  return errors.length === 0 ? [] : collapseSchemaErrors(errors, parsed, compiledArazzoSchema(version));
}

interface LocatedError {
  readonly error: ErrorObject;
  readonly path: readonly PathSegment[];
  readonly definition: string | undefined;
}

export function collapseSchemaErrors(errors: readonly ErrorObject[], parsed: ParsedText, compiled: CompiledArazzoSchema = compiledArazzoSchema()): Diagnostic[] {
  const { definitionOf } = compiled;
  const located: LocatedError[] = errors.map((error) => ({
    error,
    path: toSegments(error.instancePath),
    definition: definitionOf.get(error.parentSchema as object),
  }));

  // A value of the wrong type fails nothing else worth saying (`if`/`required` pass vacuously on a string).
  const wrongType = new Set(located.filter((item) => item.error.keyword === 'type').map((item) => item.error.instancePath));
  const meaningful = located.filter((item) => isMeaningful(item, parsed.data, compiled) && (item.error.keyword === 'type' || !wrongType.has(item.error.instancePath)));
  const out = new Map<string, Diagnostic>();
  const add = (diagnostic: Diagnostic): void => {
    const key = `${diagnostic.path}\u0000${diagnostic.message}`;
    if (!out.has(key)) out.set(key, diagnostic);
  };
  const consumed = new Set<LocatedError>();

  // "must have exactly one of" groups: a oneOf whose branches are each a single `required`.
  for (const item of meaningful) {
    if (item.error.keyword !== 'oneOf' || !isRequiredAlternatives(item.error.schema)) continue;
    // An AsyncAPI step written with operationPath gets one message, at operationPath (below), not this one too.
    const writtenWithOperationPath = item.definition === 'asyncapi-step-object' && isRecord(getAtPath(parsed.data, item.path)) && 'operationPath' in (getAtPath(parsed.data, item.path) as object);
    const names = (item.error.schema as { required: string[] }[]).map((branch) => `'${branch.required[0]}'`);
    for (const other of meaningful) {
      if (other.error.keyword === 'required' && other.error.instancePath === item.error.instancePath && other.error.schemaPath.startsWith(item.error.schemaPath + '/')) consumed.add(other);
    }
    consumed.add(item);
    if (!writtenWithOperationPath) add(at(parsed, item.path, `${describeNode(item)} must have exactly one of ${names.join(' or ')}.`));
  }

  // Values that are neither alternative of a oneOf: one "must be an A or a B" message.
  const typeErrorsByPath = new Map<string, LocatedError[]>();
  for (const item of meaningful) {
    if (consumed.has(item) || item.error.keyword !== 'type') continue;
    const list = typeErrorsByPath.get(item.error.instancePath) ?? [];
    list.push(item);
    typeErrorsByPath.set(item.error.instancePath, list);
  }
  for (const list of typeErrorsByPath.values()) {
    if (list.length < 2 || list.some((item) => item.definition === undefined)) continue;
    const names = [...new Set(list.map((item) => article(definitionTitle(item.definition))))];
    for (const item of list) consumed.add(item);
    add(at(parsed, list[0]!.path, `Must be ${names.join(' or ')}, not ${typeName(getAtPath(parsed.data, list[0]!.path))}.`));
  }

  for (const item of meaningful) {
    if (consumed.has(item)) continue;
    if ((item.error.keyword === 'oneOf' || item.error.keyword === 'anyOf') && hasDeeperError(item, located)) continue;
    add(describe(item, parsed, compiled));
  }
  return [...out.values()];
}

/** Drops errors from the alternative the author did not mean, and errors Loom reports under its own rule ids. */
function isMeaningful(item: LocatedError, data: unknown, compiled: CompiledArazzoSchema): boolean {
  const { error, definition, path } = item;
  if (error.keyword === 'if') return false;
  const { schema } = compiled;
  const stepDefinition = (schema['$defs'] as Record<string, Record<string, unknown>>)['step-object']!;
  const stepAlternatives = stepDefinition['oneOf'] as unknown[];
  // Reported by the semantic rule `step-target`.
  if (error.schema === stepAlternatives || stepAlternatives.includes(error.parentSchema)) return false;
  // Reported by the semantic rule `criterion-type-context`.
  if (error.keyword === 'dependentRequired' && definition === 'criterion-object') return false;
  // DECISIONS D13: an operation step parameter without `in` takes it from the operation (rule `parameter-in`).
  if (error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === 'in' && (definition === 'step-object' || definition === 'operation-step-parameters')) return false;
  // Arazzo 1.1: a step is one of three kinds (the schema's `oneOf`); only the kind the author meant speaks.
  const stepKind = definition === undefined ? undefined : STEP_KINDS[definition];
  if (stepKind !== undefined && stepKind !== meantStepKind(getAtPath(data, stepPath(path)))) return false;

  // Which alternative of a "X or Reusable Object" list item did the author mean?
  for (let length = path.length; length >= 1; length--) {
    const prefix = path.slice(0, length);
    if (typeof prefix[prefix.length - 1] !== 'number') continue;
    const node = getAtPath(data, prefix);
    if (!isRecord(node)) continue;
    const parentKey = prefix[prefix.length - 2];
    if (typeof parentKey !== 'string' || !REUSABLE_LISTS.has(parentKey)) continue;
    const meantReusable = Object.prototype.hasOwnProperty.call(node, 'reference');
    const fromReusable = definition === 'reusable-object' && length === path.length;
    return meantReusable ? fromReusable || error.keyword === 'oneOf' : definition !== 'reusable-object';
  }
  return true;
}

const REUSABLE_LISTS = new Set(['parameters', 'successActions', 'failureActions', 'onSuccess', 'onFailure']);

type StepKind = 'openapi' | 'asyncapi' | 'workflow';

/** The 1.1 schema's step alternatives by `$defs` name. */
const STEP_KINDS: Readonly<Record<string, StepKind>> = { 'openapi-step-object': 'openapi', 'asyncapi-step-object': 'asyncapi', 'workflow-step-object': 'workflow' };

/** The path of the innermost step that contains `path` (errors of a step's own fields sit below the step). */
function stepPath(path: readonly PathSegment[]): readonly PathSegment[] {
  for (let index = path.length - 2; index >= 0; index--) {
    if (path[index] === 'steps' && typeof path[index + 1] === 'number') return path.slice(0, index + 2);
  }
  return path;
}

/** The kind of step the author meant, from its fields: `workflowId` calls a workflow; `action`, `channelPath` or `correlationId` only exist on AsyncAPI steps. */
function meantStepKind(step: unknown): StepKind {
  if (!isRecord(step)) return 'openapi';
  if ('workflowId' in step) return 'workflow';
  if ('action' in step || 'channelPath' in step || 'correlationId' in step) return 'asyncapi';
  return 'openapi';
}

function hasDeeperError(item: LocatedError, all: readonly LocatedError[]): boolean {
  const prefix = item.error.instancePath;
  return all.some(
    (other) =>
      other !== item &&
      other.error.keyword !== 'if' &&
      other.error.keyword !== 'oneOf' &&
      (other.error.instancePath === prefix || other.error.instancePath.startsWith(prefix + '/')),
  );
}

function describe(item: LocatedError, parsed: ParsedText, compiled: CompiledArazzoSchema): Diagnostic {
  const { error, path } = item;
  const params = error.params as Record<string, unknown>;
  const node = describeNode(item);
  const later = laterVersionDiagnostic(item, parsed, compiled);
  if (later !== undefined) return later;
  switch (error.keyword) {
    case 'required':
      return at(parsed, path, `${node} is missing the required field '${String(params['missingProperty'])}'.`);
    case 'unevaluatedProperties':
    case 'additionalProperties': {
      const property = String(params['unevaluatedProperty'] ?? params['additionalProperty']);
      // Arazzo 1.1.0 §Step Object: `operationPath` addresses OpenAPI operations only (the spec's own example gets this wrong).
      if (item.definition === 'asyncapi-step-object' && property === 'operationPath') {
        return at(parsed, [...path, property], `${node} has 'action', so it is an asynchronous (AsyncAPI) step: it names its operation with 'operationId' or 'channelPath', not 'operationPath'.`, 'key');
      }
      return at(parsed, [...path, property], `Unknown field '${property}' in ${node}.`, 'key');
    }
    case 'type':
      return at(parsed, path, `${fieldName(path)} must be ${typeList(params['type'])}, not ${typeName(getAtPath(parsed.data, path))}.`);
    case 'enum':
      return at(parsed, path, `${fieldName(path)} must be one of ${(params['allowedValues'] as unknown[]).map(quote).join(', ')}, not ${quote(getAtPath(parsed.data, path))}.`);
    case 'const':
      return at(parsed, path, `${fieldName(path)} must be ${quote(params['allowedValue'])}.`);
    case 'pattern':
      return at(parsed, path, `${fieldName(path)} ${quote(getAtPath(parsed.data, path))} does not match the pattern ${String(params['pattern'])}.`);
    case 'propertyNames': {
      const name = String(params['propertyName']);
      return at(parsed, [...path, name], `The name '${name}' in ${fieldName(path)} must match ^[a-zA-Z0-9.\\-_]+$.`, 'key');
    }
    case 'minItems':
      return at(parsed, path, `${fieldName(path)} must have at least ${String(params['limit'])} item(s).`);
    case 'uniqueItems':
      return at(parsed, path, `${fieldName(path)} must not contain duplicates (items ${String(params['j'])} and ${String(params['i'])} are identical).`);
    case 'format':
      return at(parsed, path, `${fieldName(path)} must be a valid ${String(params['format'])}.`);
    case 'minimum':
      return at(parsed, path, `${fieldName(path)} must be ${String(params['comparison'])} ${String(params['limit'])}.`);
    case 'oneOf':
      return at(parsed, path, `${node} matches more than one of its allowed forms; it must match exactly one.`);
    default:
      return at(parsed, path, `${fieldName(path)} ${error.message ?? 'is invalid'}.`);
  }
}

/**
 * DECISIONS D72: a field or value the document's version does not have but a later version
 * introduced is one error naming that version, not "unknown field" or "must be one of".
 */
function laterVersionDiagnostic(item: LocatedError, parsed: ParsedText, compiled: CompiledArazzoSchema): Diagnostic | undefined {
  const { error, path, definition } = item;
  const params = error.params as Record<string, unknown>;
  const written = String((parsed.data as Record<string, unknown>)['arazzo']);
  if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
    const property = String(params['unevaluatedProperty'] ?? params['additionalProperty']);
    const version = introducedInLaterVersion(compiled.version, definition, property);
    if (version === undefined) return undefined;
    return diagnosticAt(
      parsed,
      [...path, property],
      { code: VERSION_RULE, severity: 'error', message: `'${property}' in ${describeNode(item)} was introduced in Arazzo ${version}; this document is 'arazzo: ${written}' (write 'arazzo: ${version}.0' to use it).` },
      'key',
    );
  }
  if (error.keyword === 'enum' && typeof path[path.length - 1] === 'string') {
    const value = getAtPath(parsed.data, path);
    const version = introducedInLaterVersion(compiled.version, definition, path[path.length - 1] as string, value);
    if (version === undefined) return undefined;
    return at(parsed, path, `${fieldName(path)} ${quote(value)} was introduced in Arazzo ${version}; this document is 'arazzo: ${written}' (write 'arazzo: ${version}.0' to use it).`, 'value', VERSION_RULE);
  }
  return undefined;
}

/** The rule id of a document whose version Loom cannot read, or that uses what only a later version has. */
const VERSION_RULE = 'arazzo-version';

function at(parsed: ParsedText, path: readonly PathSegment[], message: string, part: 'key' | 'value' = 'value', code: string = SCHEMA_RULE): Diagnostic {
  return diagnosticAt(parsed, path, { code, severity: 'error', message }, part);
}

function describeNode(item: LocatedError): string {
  const title = item.definition === undefined ? 'The Arazzo Specification Object' : `The ${definitionTitle(item.definition)}`;
  return item.path.length === 0 ? title : `${title} at ${fieldName(item.path)}`;
}

const DEFINITION_TITLES: Record<string, string> = {
  'step-object-base': 'Step Object',
  'openapi-step-object': 'Step Object',
  'asyncapi-step-object': 'Step Object (AsyncAPI)',
  'workflow-step-object': 'Step Object',
  'operation-step-parameters': 'Parameter Object',
  'value-or-selector': 'Selector Object',
  info: 'Info Object',
  schema: 'JSON Schema',
  'specification-extensions': 'Specification Extension',
};

function definitionTitle(definition: string | undefined): string {
  if (definition === undefined) return 'Arazzo Specification Object';
  return DEFINITION_TITLES[definition] ?? definition.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
}

/** `workflows[0].steps[1].parameters` — how authors read a location. */
export function fieldName(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'The document';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return `'${out}'`;
}

function toSegments(instancePath: string): PathSegment[] {
  return (parsePointer(instancePath) ?? []).map((segment) => (isArrayIndex(segment) ? Number(segment) : segment));
}

function isRequiredAlternatives(schema: unknown): boolean {
  return (
    Array.isArray(schema) &&
    schema.length > 1 &&
    schema.every((branch) => isRecord(branch) && Object.keys(branch).length === 1 && Array.isArray(branch['required']) && branch['required'].length === 1)
  );
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${quote(value)})`;
}

function typeList(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((name) => (name === 'object' ? 'an object' : name === 'array' ? 'a list' : name === 'integer' ? 'an integer' : `a ${String(name)}`));
  return names.join(' or ');
}

function article(title: string): string {
  return /^[AEIOU]/.test(title) ? `an ${title}` : `a ${title}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}
