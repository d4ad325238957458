import { parseAssignments } from './arguments.js';
import { isRecord, readOwn, writeOwn } from '@loom/expressions/internal';

type Schema = Readonly<Record<string, unknown>>;

/**
 * `--input name=value`: the value is JSON when it parses (`5`, `true`, `{"a":1}`), else the
 * text as given; but where the input's schema only takes a string, the text is the value
 * (`--input productId=1` is the id "1", DECISIONS D57).
 */
export function parseInputAssignments(assignments: readonly string[] | undefined, inputsSchema: unknown): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(parseAssignments('input', assignments))) {
    writeOwn(inputs, name, parseInputText(name, text, inputsSchema));
  }
  return inputs;
}

/** One input's text as `--input` reads it (D57): the text where the input only takes a string, else JSON when it parses. */
export function parseInputText(name: string, text: string, inputsSchema: unknown): unknown {
  return takesOnlyStrings(propertySchema(inputsSchema, name)) ? text : parseJsonOrText(text);
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function propertySchema(schema: unknown, name: string): Schema | undefined {
  if (!isSchema(schema) || !isSchema(schema.properties)) return undefined;
  const property = readOwn(schema.properties, name);
  return isSchema(property) ? property : undefined;
}

function takesOnlyStrings(schema: Schema | undefined): boolean {
  if (schema === undefined) return false;
  const { type } = schema;
  return type === 'string' || (Array.isArray(type) && type.length > 0 && type.every((entry) => entry === 'string'));
}

function isSchema(value: unknown): value is Schema {
  return isRecord(value);
}
