/**
 * Evaluation: a pure function of (syntax tree, context). Nothing here parses,
 * throws on missing data or allocates on the common path; a value that is not
 * there is `undefined`, and `explainMissing` says why when the caller asks.
 */
import type { BodyExpression, Condition, ConditionNode, HeaderExpression, JsonPointer, ParameterExpression, RuntimeExpression } from './ast.js';
import { compareValues, isTruthy, type Comparator } from './compare.js';
import type { EvaluationContext, HeaderMap, MessageContext } from './context.js';
import { getAtPath, readOwn, readSegment } from './json-pointer.js';
import { printExpression } from './printer.js';

/** The value a runtime expression names in `context`, with its type kept; `undefined` when it is not there. */
export function evaluateExpression(expression: RuntimeExpression, context: EvaluationContext): unknown {
  switch (expression.root) {
    case 'url':
      return context.url;
    case 'method':
      return context.method;
    case 'statusCode':
      return context.statusCode;
    case 'self':
      return context.self;
    case 'request':
    case 'response':
      return evaluateMessage(expression, context[expression.root]);
    case 'inputs':
    case 'outputs':
      return withPointer(readMember(context[expression.root], expression.name), expression.pointer);
    case 'steps': {
      const step = readMember(context.steps, expression.stepId) as { outputs?: unknown } | undefined;
      return withPointer(readMember(step?.outputs, expression.name), expression.pointer);
    }
    case 'workflows': {
      const workflow = readMember(context.workflows, expression.workflowId) as Record<string, unknown> | undefined;
      return withPointer(readMember(workflow?.[expression.field], expression.name), expression.pointer);
    }
    case 'sourceDescriptions': {
      const source = readMember(context.sourceDescriptions, expression.sourceName);
      return expression.member === undefined ? source : readMember(source, expression.member);
    }
    case 'components':
      return withPointer(readMember(context.components?.[expression.section], expression.name), expression.pointer);
    case 'message':
      if (context.message === undefined) return undefined;
      return expression.source === 'header' ? readMember(context.message.headers, expression.name!) : withPointer(context.message.payload, expression.pointer);
  }
}

function evaluateMessage(expression: HeaderExpression | ParameterExpression | BodyExpression, message: MessageContext | undefined): unknown {
  if (message === undefined) return undefined;
  switch (expression.source) {
    case 'header':
      return readHeader(message.headers, expression.name);
    case 'query':
    case 'path':
      return readMember(message[expression.source], expression.name);
    case 'body':
      return withPointer(message.body, expression.pointer);
  }
}

function readMember(container: unknown, key: string): unknown {
  return container !== null && typeof container === 'object' ? readOwn(container, key) : undefined;
}

function withPointer(value: unknown, pointer: JsonPointer | undefined): unknown {
  return pointer === undefined || value === undefined ? value : getAtPath(value, pointer.tokens);
}

/**
 * Arazzo 1.0.1 §Runtime Expressions: "Single header values only are available";
 * a repeated header is read as its values joined by `, ` (RFC 9110 §5.3, README E5).
 */
function readHeader(headers: HeaderMap | undefined, lowerName: string): string | undefined {
  if (headers === undefined) return undefined;
  let value = readOwn(headers, lowerName) as string | readonly string[] | undefined;
  if (value === undefined) {
    // The context contract is lower-case names; tolerate callers that kept the original case.
    for (const name in headers) {
      if (name.toLowerCase() === lowerName && Object.prototype.hasOwnProperty.call(headers, name)) {
        value = headers[name];
        break;
      }
    }
  }
  if (value === undefined || typeof value === 'string') return value;
  return value.join(', ');
}

/** Evaluates a simple condition to true or false (README E3 for non-boolean results). */
export function evaluateCondition(condition: Condition, context: EvaluationContext): boolean {
  return isTruthy(evaluateNode(condition.body, context));
}

/**
 * The value of any node of a condition (a comparison gives a boolean, an expression its value). `compare`
 * is the comparison rules of the document's Arazzo version (DECISIONS D99), chosen when the condition is compiled.
 */
export function evaluateNode(node: ConditionNode, context: EvaluationContext, compare: Comparator = compareValues): unknown {
  switch (node.type) {
    case 'Expression':
      return evaluateExpression(node, context);
    case 'Literal':
      return node.value;
    case 'Binary':
      if (node.operator === '&&') return isTruthy(evaluateNode(node.left, context, compare)) && isTruthy(evaluateNode(node.right, context, compare));
      if (node.operator === '||') return isTruthy(evaluateNode(node.left, context, compare)) || isTruthy(evaluateNode(node.right, context, compare));
      return compare(node.operator, evaluateNode(node.left, context, compare), evaluateNode(node.right, context, compare));
    case 'Not':
      return !isTruthy(evaluateNode(node.operand, context, compare));
    case 'Member':
      return readMember(evaluateNode(node.object, context, compare), node.property);
    case 'Index': {
      const object = evaluateNode(node.object, context, compare);
      if (Array.isArray(object)) return typeof node.index === 'number' ? object[node.index] : undefined;
      return readMember(object, String(node.index));
    }
  }
}

// ---- Reasons for missing values ----

/**
 * Why `expression` has no value in `context` ("step login has no output token"),
 * or `undefined` when it has one. Call it only when reporting: it does the lookup again.
 */
export function explainMissing(expression: RuntimeExpression, context: EvaluationContext): string | undefined {
  if (evaluateExpression(expression, context) !== undefined) return undefined;
  switch (expression.root) {
    case 'url':
      return 'no request has been sent, so $url is not available';
    case 'method':
      return 'no request has been sent, so $method is not available';
    case 'statusCode':
      return 'no response has been received, so $statusCode is not available';
    case 'self':
      return 'the document has no base URI';
    case 'request':
    case 'response':
      return explainMessage(expression, context[expression.root]);
    case 'inputs': {
      const value = readMember(context.inputs, expression.name);
      if (value === undefined) return `input ${expression.name} was not supplied`;
      return pointerReason(`input ${expression.name}`, value, expression.pointer);
    }
    case 'outputs': {
      const value = readMember(context.outputs, expression.name);
      if (value === undefined) return `output ${expression.name} has no value`;
      return pointerReason(`output ${expression.name}`, value, expression.pointer);
    }
    case 'steps': {
      const step = readMember(context.steps, expression.stepId) as { outputs?: unknown } | undefined;
      if (step === undefined) return `step ${expression.stepId} has not run`;
      const value = readMember(step.outputs, expression.name);
      if (value === undefined) return `step ${expression.stepId} has no output ${expression.name}`;
      return pointerReason(`output ${expression.name} of step ${expression.stepId}`, value, expression.pointer);
    }
    case 'workflows': {
      const workflow = readMember(context.workflows, expression.workflowId) as Record<string, unknown> | undefined;
      if (workflow === undefined) return `workflow ${expression.workflowId} has not run`;
      const noun = expression.field === 'inputs' ? 'input' : 'output';
      const value = readMember(workflow[expression.field], expression.name);
      if (value === undefined) return `workflow ${expression.workflowId} has no ${noun} ${expression.name}`;
      return pointerReason(`${noun} ${expression.name} of workflow ${expression.workflowId}`, value, expression.pointer);
    }
    case 'sourceDescriptions': {
      const source = readMember(context.sourceDescriptions, expression.sourceName);
      if (source === undefined) return `there is no source description ${expression.sourceName}`;
      return `source description ${expression.sourceName} has no ${expression.member ?? 'value'}`;
    }
    case 'components': {
      const value = readMember(context.components?.[expression.section], expression.name);
      if (value === undefined) return `components.${expression.section} has no ${expression.name}`;
      return pointerReason(`components.${expression.section}.${expression.name}`, value, expression.pointer);
    }
    case 'message':
      if (context.message === undefined) return 'no message has been sent or received in this step';
      if (expression.source === 'header') return `the message has no header ${expression.name}`;
      return pointerReason('the message payload', context.message.payload, expression.pointer);
  }
}

function explainMessage(expression: HeaderExpression | ParameterExpression | BodyExpression, message: MessageContext | undefined): string {
  if (message === undefined) return expression.root === 'request' ? 'no request has been sent' : 'no response has been received';
  switch (expression.source) {
    case 'header':
      return `the ${expression.root} has no header ${expression.rawName}`;
    case 'query':
    case 'path':
      return `the ${expression.root} has no ${expression.source} parameter ${expression.name}`;
    case 'body':
      if (message.body === undefined) return `the ${expression.root} has no body`;
      return pointerReason(`the ${expression.root} body`, message.body, expression.pointer);
  }
}

/** Names the first pointer token that leads nowhere: "the response body has nothing at /a/b (no 'b' in /a)". */
function pointerReason(subject: string, value: unknown, pointer: JsonPointer | undefined): string {
  if (pointer === undefined) return `${subject} has no value`;
  let node = value;
  for (let i = 0; i < pointer.tokens.length; i++) {
    const next = readSegment(node, pointer.tokens[i] as string);
    if (next === undefined) {
      const parent = pointer.tokens.slice(0, i);
      const where = parent.length === 0 ? 'at the top' : `in /${parent.join('/')}`;
      const kind = Array.isArray(node) ? `an array of ${node.length}` : node === null ? 'null' : typeof node === 'object' ? 'an object' : `a ${typeof node}`;
      return `${subject} has nothing at ${pointer.text} (no '${pointer.tokens[i] as string}' ${where}, which is ${kind})`;
    }
    node = next;
  }
  return `${subject} has nothing at ${pointer.text}`;
}

/** `$steps.login.outputs.token` for messages. */
export function describeExpression(expression: RuntimeExpression): string {
  return printExpression(expression);
}
